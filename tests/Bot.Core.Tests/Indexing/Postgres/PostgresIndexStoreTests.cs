using Bot.Core.Chunking;
using Bot.Core.Embeddings;
using Bot.Core.Indexing;
using Bot.Core.Indexing.Postgres;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Bot.Core.Tests.Indexing.Postgres;

/// <summary>What only the PostgreSQL store has: its full-text columns, stem counts and session-bound lock.</summary>
[Collection(PostgresCollection.Name)]
[Integration(TestCategory.Process, TestCategory.Server)]
public sealed class PostgresIndexStoreTests(PostgresServer server) : IAsyncLifetime
{
    private readonly TempFolder _seeds = new();
    private readonly TempFolder _data = new();
    private string _connectionString = "";
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _seeds.File("ferry.txt", "Ferry log\n\nThe ferry crossed the fjord twice. The ferries waited in fog.\n\nA storm closed the harbour.\n");
        _connectionString = await server.CreateDatabaseAsync();
        _services = CoreHost.Create(_seeds.Path, _data.Path, new Dictionary<string, string?>
        {
            ["Bot:Index:Provider"] = "postgres", ["Bot:Index:ConnectionString"] = _connectionString,
        });
        await _services.GetRequiredService<IIndexer>().IndexAsync(false, null, TestTimeout.Token());
    }

    private async Task ExecAsync(string sql)
    {
        await using var c = new NpgsqlConnection(_connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var c = new NpgsqlConnection(_connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        return await cmd.ExecuteScalarAsync();
    }

    [SkippableFact]
    public async Task Verify_reports_a_sentence_whose_full_text_vector_is_stale()
    {
        var store = _services.GetRequiredService<IIndexStore>();
        Assert.Empty(await store.VerifyAsync(TestTimeout.Token()));
        await ExecAsync($"UPDATE {PostgresIndexStore.SchemaName}.sentences SET tsv = to_tsvector('english', 'unrelated') WHERE id = (SELECT min(id) FROM {PostgresIndexStore.SchemaName}.sentences)");
        Assert.Contains(await store.VerifyAsync(TestTimeout.Token()), p => p.Contains("sentence(s) missing from the full-text index", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task An_index_of_a_newer_schema_version_is_left_alone_and_this_bot_is_told_to_upgrade()
    {
        await ExecAsync($"UPDATE {PostgresIndexStore.SchemaName}.meta SET value = '99' WHERE key = 'schema_version'");
        var store = _services.GetRequiredService<IIndexStore>();

        var e = await Assert.ThrowsAsync<IndexSchemaTooNewException>(() => store.InitializeAsync(TestTimeout.Token()));

        Assert.Contains("schema version 99, newer than this bot's", e.Message, StringComparison.Ordinal);
        Assert.Single(await store.ListDocumentsAsync(TestTimeout.Token())); // nothing was dropped
    }

    [SkippableFact]
    public async Task Sentence_frequencies_count_sentences_per_Porter_stem()
    {
        await using var reader = await _services.GetRequiredService<IIndexStore>().OpenReaderAsync(TestTimeout.Token());
        var (freq, n) = await reader.GetSentenceFrequenciesAsync(["ferri", "storm", "absent"], TestTimeout.Token());
        Assert.Equal(3, n);
        Assert.Equal(2, freq["ferri"]); // "ferry" and "ferries" in two sentences
        Assert.Equal(1, freq["storm"]);
        Assert.Equal(0, freq["absent"]);
    }

    [SkippableFact]
    public async Task Row_statistics_follow_writes_and_cascaded_deletes_and_an_index_without_them_gets_them()
    {
        var s = PostgresIndexStore.SchemaName;
        var store = _services.GetRequiredService<IIndexStore>();
        Assert.Equal(3L, await ScalarAsync($"SELECT rows FROM {s}.row_stats WHERE name = 'sentences'"));
        Assert.Equal(await ScalarAsync($"SELECT sum(length) FROM {s}.passages"), await ScalarAsync($"SELECT length_sum FROM {s}.row_stats WHERE name = 'passages'"));

        // An index made before the statistics existed gets them, filled from its rows.
        await ExecAsync($"SET search_path = {s}; DROP TABLE row_stats; DROP FUNCTION row_stats_added CASCADE; DROP FUNCTION row_stats_removed CASCADE;");
        await store.InitializeAsync(TestTimeout.Token());
        Assert.Empty(await store.VerifyAsync(TestTimeout.Token()));
        await using (var reader = await store.OpenReaderAsync(TestTimeout.Token()))
            Assert.Equal(3, (await reader.SearchSentencesAsync(["ferry", "storm"], 10, TestTimeout.Token())).Count);

        // Deleting the document (its passages and sentences by cascade) is counted in the same transaction.
        await store.RemoveDocumentAsync((await store.ListDocumentsAsync(TestTimeout.Token())).Single().Id, TestTimeout.Token());
        Assert.Equal(0L, await ScalarAsync($"SELECT rows + length_sum FROM {s}.row_stats WHERE name = 'sentences'"));
        Assert.Empty(await store.VerifyAsync(TestTimeout.Token()));
        await ExecAsync($"UPDATE {s}.row_stats SET rows = 7 WHERE name = 'passages'");
        Assert.Contains(await store.VerifyAsync(TestTimeout.Token()), p => p.Contains("row_stats", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Search_ranks_by_BM25_and_treats_user_text_as_words_never_as_query_syntax()
    {
        await using var reader = await _services.GetRequiredService<IIndexStore>().OpenReaderAsync(TestTimeout.Token());
        var hits = await reader.SearchSentencesAsync(["ferry", "storm"], 10, TestTimeout.Token());
        Assert.Equal(3, hits.Count);
        Assert.All(hits.Zip(hits.Skip(1)), pair => Assert.True(pair.First.Score >= pair.Second.Score));
        Assert.Empty(await reader.SearchPassagesAsync(["'); DROP TABLE documents; --", "!&|:*"], 10, TestTimeout.Token()));
        Assert.Empty(await reader.SearchPassagesAsync(["the", "  "], 10, TestTimeout.Token())); // stop words only
        Assert.Single(await reader.SearchPassagesAsync(["crossed the fjord"], 10, TestTimeout.Token())); // a phrase
    }

    [SkippableFact]
    public async Task After_the_v2_upgrade_a_v2_writer_can_still_insert_sentences_and_the_next_embedding_pass_hashes_and_embeds_them()
    {
        var s = PostgresIndexStore.SchemaName;
        await ExecAsync($"SET search_path = {s}; DROP TABLE sentence_vectors; ALTER TABLE sentences DROP COLUMN hash; UPDATE meta SET value = '2' WHERE key = 'schema_version';");
        var store = _services.GetRequiredService<IIndexStore>();
        await store.InitializeAsync(TestTimeout.Token()); // upgrades 2 → 3 in place

        // A v2 bot still running during the rolling upgrade writes sentences without a hash column.
        const string V2Sentence = "The harbour master logged a late ferry.";
        await ExecAsync($"""
            INSERT INTO {s}.sentences(document_id, ordinal, paragraph, start, "end", text, length, tsv)
            SELECT id, 99, 2, 0, 0, '{V2Sentence}', 7, to_tsvector('english', '{V2Sentence}') FROM {s}.documents
            """);
        Assert.Equal("", await ScalarAsync($"SELECT hash FROM {s}.sentences WHERE ordinal = 99"));

        // A v3 indexing run with embeddings hashes it as the chunker would and embeds it under that hash, never under ''.
        var fake = new CountingEmbeddingGenerator();
        var setup = new EmbeddingSetup(fake, EmbeddingProvider.OpenAI, "fake-model", "test", 8, new EmbeddingOptions { BatchSize = 2 });
        using var embedding = CoreHost.Create(_seeds.Path, _data.Path, new Dictionary<string, string?>
        {
            ["Bot:Index:Provider"] = "postgres", ["Bot:Index:ConnectionString"] = _connectionString,
        }, more => more.AddSingleton(new EmbeddingSetupProvider(setup)).AddSingleton<IIndexEmbeddingStep>(new EmbeddingIndexStep(setup)));
        var report = await embedding.GetRequiredService<IIndexer>().IndexAsync(false, null, TestTimeout.Token(60));

        // The ferry file's two-sentence paragraph and the v2 writer's sentence; "A storm closed the harbour." is a passage
        // of its own and takes that passage's vector instead of a second forward pass.
        Assert.Equal(3, report.SentencesEmbedded);
        Assert.Equal(1L, await ScalarAsync($"SELECT count(*) FROM {s}.sentence_vectors v JOIN {s}.sentences t ON t.hash = v.sentence_hash WHERE t.text = 'A storm closed the harbour.'"));
        Assert.Contains(V2Sentence, fake.Embedded);
        Assert.Equal(ContentHash.Of(V2Sentence), await ScalarAsync($"SELECT hash FROM {s}.sentences WHERE ordinal = 99"));
        Assert.Equal(0L, await ScalarAsync($"SELECT count(*) FROM {s}.sentences WHERE hash = ''"));
        Assert.Equal(0L, await ScalarAsync($"SELECT count(*) FROM {s}.sentence_vectors WHERE sentence_hash = ''"));
        Assert.Equal(1L, await ScalarAsync($"SELECT count(*) FROM {s}.sentence_vectors WHERE sentence_hash = '{ContentHash.Of(V2Sentence)}'"));
    }

    [SkippableTheory]
    [InlineData(100022, false)]
    [InlineData(110000, true)]
    [InlineData(150004, true)]
    public void The_in_place_upgrade_needs_PostgreSQL_11_for_sha256(int serverVersionNum, bool supported)
    {
        using var store = new PostgresIndexStore(_connectionString, NullLogger<PostgresIndexStore>.Instance);

        var e = Record.Exception(() => store.EnsureUpgradeSupported(serverVersionNum));

        if (supported)
        {
            Assert.Null(e);
        }
        else
        {
            var npgsql = Assert.IsType<NpgsqlException>(e);
            Assert.Contains("needs PostgreSQL 11 or newer (server_version_num is 100022)", npgsql.Message, StringComparison.Ordinal);
            Assert.Contains($"drop the schema {PostgresIndexStore.SchemaName}", npgsql.Message, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task The_writer_lock_is_released_when_its_holder_goes_away()
    {
        var writeLock = _services.GetRequiredService<IIndexWriteLock>();
        var held = await writeLock.TryAcquireAsync(TimeSpan.Zero, TestTimeout.Token());
        Assert.NotNull(held);
        Assert.Null(await writeLock.TryAcquireAsync(TimeSpan.FromMilliseconds(200), TestTimeout.Token()));
        Assert.Contains($"pid {Environment.ProcessId}", await writeLock.BusyMessageAsync(TestTimeout.Token()), StringComparison.Ordinal);

        // A killed indexer's session ends on the server: terminate it as a crash would.
        await ExecAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'bot indexer pid %' AND datname = current_database()");
        await using var again = await writeLock.TryAcquireAsync(TimeSpan.FromSeconds(10), TestTimeout.Token());
        Assert.NotNull(again);
        await held.DisposeAsync(); // releasing a lost lock is harmless
    }

    public Task DisposeAsync()
    {
        _services.Dispose();
        _seeds.Dispose();
        _data.Dispose();
        return Task.CompletedTask;
    }
}
