using System.Globalization;
using System.Text;
using Bot.Core.Chunking;
using Bot.Core.Documents;
using Bot.Core.Indexing;
using Bot.Core.Search.Vectors;
using Bot.Core.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Core.Tests.Indexing;

/// <summary>
/// The SQLite index's full-text storage: since v7 the bot's own postings and no FTS5 tables (a v4 index, whose FTS5
/// tables each kept a copy of the text, is upgraded in place), content-hash indexes built when vectors first need them,
/// and batches written while the next are chunked.
/// </summary>
public sealed class SqliteFullTextStorageTests : IDisposable
{
    private static readonly string[] Terms = ["state", "harbour", "pilots"];
    private readonly TempFolder _folder = new();

    private string Db => Path.Combine(_folder.Path, "index.db");

    [Fact]
    public async Task A_v4_index_is_upgraded_in_place_to_postings_that_rank_every_row_as_before()
    {
        var store = await IndexAsync(documents: 40);
        var pending = await store.Vectors.ListPassagesWithoutVectorsAsync("model", null, 1, TestTimeout.Token());
        await store.Vectors.AddVectorsAsync(new VectorBatch("model", VectorEncoding.Float32, [new EncodedVector(pending[0].Hash, new byte[16])]), TestTimeout.Token());
        var before = await SearchAsync(store);
        var snapshot = IndexSnapshot.Read(Db);
        DowngradeToV4();
        Assert.Contains("passages_fts_content", Tables()); // v4: FTS5 kept its own copy of every passage

        SqliteConnection.ClearAllPools();
        var upgraded = new SqliteIndexStore(Db, NullLogger<SqliteIndexStore>.Instance);
        Assert.False(await upgraded.InitializeAsync(TestTimeout.Token()));

        Assert.Equal(before, await SearchAsync(upgraded));
        Assert.Equal(snapshot, IndexSnapshot.Read(Db));
        Assert.DoesNotContain(Tables(), t => t.Contains("fts", StringComparison.Ordinal) || t.Contains("vocab", StringComparison.Ordinal));
        Assert.Equal(SqliteIndexStore.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), Scalar("SELECT value FROM meta WHERE key = 'schema_version'"));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM passage_vectors"));
        Assert.Empty(await upgraded.VerifyAsync(TestTimeout.Token())); // the postings hold exactly the stored text's terms
    }

    [Fact]
    public async Task Batches_written_while_the_next_are_chunked_store_the_spans_a_one_document_batch_stores()
    {
        string Snapshot(string batch)
        {
            // The same files (and modification times) for each run.
            var seeds = Path.Combine(_folder.Path, "seeds-" + batch);
            WriteReports(seeds, 30);
            File.WriteAllText(Path.Combine(seeds, "copy.txt"), File.ReadAllText(Path.Combine(seeds, "r003.txt"))); // a duplicate
            Stamp(seeds, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            var data = Path.Combine(_folder.Path, "data-" + batch);
            using (var sp = CoreHost.Create(seeds, data, new Dictionary<string, string?> { ["Bot:IndexBatchDocuments"] = batch }))
            {
                var indexer = sp.GetRequiredService<IIndexer>();
                indexer.IndexAsync(false, null, TestTimeout.Token()).GetAwaiter().GetResult();
                // Changed, removed and renamed files between batches: each write waits for the batches before it.
                File.AppendAllText(Path.Combine(seeds, "r001.txt"), "The state added a late note.\n");
                File.Delete(Path.Combine(seeds, "r002.txt"));
                File.Move(Path.Combine(seeds, "r004.txt"), Path.Combine(seeds, "r004-moved.txt"));
                Stamp(seeds, new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc)); // and every other file touched
                indexer.IndexAsync(false, null, TestTimeout.Token()).GetAwaiter().GetResult();
                Assert.Empty(sp.GetRequiredService<IIndexStore>().VerifyAsync(TestTimeout.Token()).GetAwaiter().GetResult());
            }
            SqliteConnection.ClearAllPools();
            return IndexSnapshot.Read(Path.Combine(data, "index.db"));
        }

        static void Stamp(string seeds, DateTime time)
        {
            foreach (var file in Directory.GetFiles(seeds)) File.SetLastWriteTimeUtc(file, time);
        }

        Assert.Equal(Snapshot("1"), Snapshot("4"));
    }

    [Fact]
    public async Task A_lexical_index_has_no_hash_indexes_until_vectors_are_listed_or_added()
    {
        var store = await IndexAsync(documents: 3);
        Assert.Equal(0, await store.Vectors.PruneVectorsAsync(null, null, default, TestTimeout.Token()));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM sqlite_master WHERE name IN ('passages_hash', 'sentences_hash')"));

        var pending = await store.Vectors.ListSentencesWithoutVectorsAsync("model", null, 100, TestTimeout.Token());
        Assert.Equal(2L, Scalar("SELECT count(*) FROM sqlite_master WHERE name IN ('passages_hash', 'sentences_hash')"));
        Assert.Equal(Scalar("SELECT count(DISTINCT hash) FROM sentences"), (long)pending.Count);
        Assert.Equal("index", Scalar("SELECT type FROM sqlite_master WHERE name = 'sentences_hash'"));
    }

    /// <summary>Replaces the postings with the FTS5 tables a v4 bot created and filled (each with its own copy of the text).</summary>
    private void DowngradeToV4()
    {
        SqliteConnection.ClearAllPools();
        using var c = new SqliteConnection($"Data Source={Db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            DROP TABLE postings; DROP TABLE postings_segments; DROP TABLE postings_totals;
            CREATE VIRTUAL TABLE passages_fts USING fts5(title, text, tokenize = 'porter unicode61 remove_diacritics 2');
            CREATE VIRTUAL TABLE sentences_fts USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2');
            CREATE VIRTUAL TABLE sentences_vocab USING fts5vocab(sentences_fts, 'row');
            CREATE VIRTUAL TABLE passages_vocab USING fts5vocab(passages_fts, 'row');
            INSERT INTO passages_fts(rowid, title, text) SELECT p.id, d.title, p.text FROM passages p JOIN documents d ON d.id = p.document_id ORDER BY p.id;
            INSERT INTO sentences_fts(rowid, text) SELECT id, text FROM sentences ORDER BY id;
            CREATE INDEX IF NOT EXISTS passages_hash ON passages(hash);
            CREATE INDEX IF NOT EXISTS sentences_hash ON sentences(hash);
            UPDATE meta SET value = '4' WHERE key = 'schema_version';
            """;
        cmd.ExecuteNonQuery();
    }

    private static async Task<string> SearchAsync(SqliteIndexStore store)
    {
        await using var reader = await store.OpenReaderAsync(TestTimeout.Token());
        var sb = new StringBuilder();
        foreach (var s in await reader.SearchSentencesAsync(Terms, 20, TestTimeout.Token()))
            sb.Append(CultureInfo.InvariantCulture, $"s {s.Sentence.Id} {s.Score:R} {s.Sentence.Text}\n");
        foreach (var p in await reader.SearchPassagesAsync(Terms, 20, TestTimeout.Token()))
            sb.Append(CultureInfo.InvariantCulture, $"p {p.PassageId} {p.Score:R} {p.Start}-{p.End} {p.Text}\n");
        return sb.ToString();
    }

    private async Task<SqliteIndexStore> IndexAsync(int documents)
    {
        var seeds = Path.Combine(_folder.Path, "seeds");
        WriteReports(seeds, documents);
        var store = new SqliteIndexStore(Db, NullLogger<SqliteIndexStore>.Instance);
        await store.InitializeAsync(TestTimeout.Token());
        var chunker = new Chunker(40, 1);
        var batch = new List<(ChunkedDocument, FileStamp)>();
        foreach (var file in Directory.GetFiles(seeds).Order(StringComparer.Ordinal))
            batch.Add((chunker.Chunk(await DocumentLoader.LoadAsync(file, Path.GetFileName(file), 1 << 20, TestTimeout.Token())), new FileStamp(1, 1)));
        await store.UpsertDocumentsAsync(batch, TestTimeout.Token());
        return store;
    }

    // Reports of 10 sentences each in two paragraphs; a third of the sentences name the state, a few the harbour.
    private static void WriteReports(string seeds, int documents)
    {
        Directory.CreateDirectory(seeds);
        for (int d = 0; d < documents; d++)
        {
            var sb = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Report {d}\n\n");
            for (int s = 0; s < 10; s++)
            {
                int n = d * 10 + s;
                sb.Append(CultureInfo.InvariantCulture, $"The {(n % 3 == 0 ? "state" : "town")} clerk number {n} filed a note");
                if (n % 7 == 0) sb.Append(" near the harbour");
                if (n % 11 == 0) sb.Append(" for the pilots of the harbour");
                sb.Append(s == 4 ? ".\n\n" : ". ");
            }
            File.WriteAllText(Path.Combine(seeds, $"r{d:D3}.txt"), sb.ToString());
        }
    }

    private object? Scalar(string sql)
    {
        using var c = new SqliteConnection($"Data Source={Db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private List<string> Tables()
    {
        using var c = new SqliteConnection($"Data Source={Db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT name FROM sqlite_master ORDER BY name";
        using var r = cmd.ExecuteReader();
        var names = new List<string>();
        while (r.Read()) names.Add(r.GetString(0));
        return names;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
