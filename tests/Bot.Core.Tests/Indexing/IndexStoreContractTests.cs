using System.Globalization;
using System.Text;
using Bot.Core.Answering;
using Bot.Core.Embeddings;
using Bot.Core.Indexing;
using Bot.Core.Search.Vectors;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Indexing;

/// <summary>
/// Behaviours every index store must show, run against each implementation (SQLite, PostgreSQL) through the real
/// services: indexer, answerer, writer lock.
/// </summary>
public abstract partial class IndexStoreContractTests : IAsyncLifetime
{
    private const string Lighthouse = "---\ntitle: Lighthouse log\n---\nThe keeper counted 42 ships in March.\n\nFog horns sounded twice a night in winter.\n";
    private const string Orchard = "Orchard report\n\nThe orchard produced 900 crates of pears in 2019.\n";
    private const string Bridge = "Bridge notes\n\nThe old bridge was painted green by the river council.\n";

    private readonly List<ServiceProvider> _providers = [];
    private readonly List<TempFolder> _folders = [];
    private IDictionary<string, string?> _store = null!;

    protected TempFolder Seeds { get; } = new();

    /// <summary>Settings (Bot:DataPath, Bot:Index:*) of a new, empty store.</summary>
    protected abstract Task<IDictionary<string, string?>> NewStoreAsync();

    /// <summary>Writes another schema version into the store's meta table, as an older or newer bot would have.</summary>
    protected abstract Task SetSchemaVersionAsync(IDictionary<string, string?> store, string version);

    /// <summary>Turns the store's index back into schema v2 (no sentence hashes, no sentence vectors), as a v2 bot left it.</summary>
    protected abstract Task DowngradeToV2Async(IDictionary<string, string?> store);

    /// <summary>Turns the store's index back into the schema before documents' genres (SQLite v7, PostgreSQL v3).</summary>
    protected abstract Task DowngradeToBeforeGenresAsync(IDictionary<string, string?> store);

    /// <summary>How `bot sources` names this store (start of <see cref="ISourceCatalog.IndexStore"/>).</summary>
    protected abstract string StoreName { get; }

    protected TempFolder Folder()
    {
        var f = new TempFolder();
        _folders.Add(f);
        return f;
    }

    public virtual async Task InitializeAsync() => _store = await NewStoreAsync();

    private ServiceProvider Services(IDictionary<string, string?>? store = null, string? seeds = null, Action<IServiceCollection>? more = null)
    {
        var settings = new Dictionary<string, string?>(store ?? _store);
        var sp = CoreHost.Create(seeds ?? Seeds.Path, settings["Bot:DataPath"]!, settings, more);
        _providers.Add(sp);
        return sp;
    }

    private static Task<IndexReport> Index(ServiceProvider sp, bool full = false) => sp.GetRequiredService<IIndexer>().IndexAsync(full, null, TestTimeout.Token(60));

    private static Task<Answer> Ask(ServiceProvider sp, string q) => sp.GetRequiredService<IAnswerer>().AskAsync(new AskRequest(q), TestTimeout.Token());

    [SkippableFact]
    public async Task Indexing_the_seeds_answers_when_Russia_delisted_the_Taliban_with_the_April_sentence()
    {
        var sp = Services(seeds: RepoPaths.Seeds);
        await Index(sp);

        var answer = await Ask(sp, "when did Russia delist the Taliban?");

        Assert.True(answer.Answered);
        var q = answer.Quotes[0];
        Assert.Equal("In April, Russia’s Supreme Court removed the Taliban from its list of terrorist organisations.", q.Text);
        Assert.Equal(("russia-recognises-taliban.txt", 7), (q.Path, q.Paragraph));
        Assert.Equal(q.Text, File.ReadAllText(Path.Combine(RepoPaths.Seeds, q.Path))[q.Start..q.End]);
        Assert.False((await Ask(sp, "What is the capital of Australia?")).Answered);
    }

    [SkippableTheory]
    [InlineData("who praised the step?", "Afghanistan’s Foreign Minister, Amir Khan Muttaqi, praised the step.")]
    [InlineData("what did Putin call the Taliban?", "In July 2024, President Putin called the Taliban “allies in the fight against terrorism.”")]
    [InlineData("what does the UN call the Taliban?", "The United Nations still refers to them as the “Taliban de facto authorities.”")]
    [InlineData("what happened to the central bank assets?", "Billions in Afghanistan’s central bank assets remain frozen.")]
    public async Task Indexing_the_seeds_quotes_the_sentence_that_answers(string question, string expected)
    {
        var sp = Services(seeds: RepoPaths.Seeds);
        await Index(sp);
        var answer = await Ask(sp, question);
        Assert.True(answer.Answered);
        Assert.Contains(expected, answer.Quotes[0].Text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Added_changed_renamed_duplicated_and_removed_files_converge_to_what_a_full_rebuild_gives()
    {
        Seeds.File("lighthouse.md", Lighthouse);
        Seeds.File("bridge.txt", Bridge);
        var sp = Services();
        await Index(sp);
        Assert.True((await Ask(sp, "What colour was the old bridge painted?")).Answered);
        var bridgeId = (await sp.GetRequiredService<IIndexStore>().ListDocumentsAsync(TestTimeout.Token())).Single(d => d.Path == "bridge.txt").Id;

        Seeds.File("orchard.txt", Orchard);                                                              // added
        Seeds.File("lighthouse.md", Lighthouse.Replace("42 ships", "57 ships", StringComparison.Ordinal)); // changed
        Seeds.File("zz-copy.txt", Orchard);                                                              // duplicate
        Directory.CreateDirectory(Path.Combine(Seeds.Path, "river"));
        File.Move(Path.Combine(Seeds.Path, "bridge.txt"), Path.Combine(Seeds.Path, "river", "bridge.txt"));  // renamed
        var report = await Index(sp);
        Assert.Equal((1, 1, 1, 0, 1), (report.Added, report.Updated, report.Renamed, report.Removed, report.Duplicates));
        Assert.Contains("57 ships", (await Ask(sp, "How many ships did the keeper count?")).Quotes[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain((await Ask(sp, "How many ships did the keeper count?")).Quotes, q => q.Text.Contains("42", StringComparison.Ordinal));
        Assert.Equal("river/bridge.txt", (await Ask(sp, "What colour was the old bridge painted?")).Quotes[0].Path);
        Assert.Contains("900 crates", (await Ask(sp, "How many crates of pears did the orchard produce?")).Quotes[0].Text, StringComparison.Ordinal);
        Assert.Equal(bridgeId, (await sp.GetRequiredService<IIndexStore>().ListDocumentsAsync(TestTimeout.Token())).Single(d => d.Path == "river/bridge.txt").Id); // re-pointed, not re-chunked

        File.Delete(Path.Combine(Seeds.Path, "river", "bridge.txt"));                                    // removed
        File.Delete(Path.Combine(Seeds.Path, "orchard.txt"));                                            // the duplicate takes over
        report = await Index(sp);
        Assert.Equal((1, 1), (report.Removed, report.Renamed));
        Assert.DoesNotContain((await Ask(sp, "What colour was the old bridge painted?")).Quotes, q => q.Path.Contains("bridge", StringComparison.Ordinal));
        Assert.Equal("zz-copy.txt", (await Ask(sp, "How many crates of pears did the orchard produce?")).Quotes[0].Path);
        Assert.False((await Index(sp)).ChangedAnything);

        var store = sp.GetRequiredService<IIndexStore>();
        Assert.Empty(await store.VerifyAsync(TestTimeout.Token()));
        var fresh = Services(await NewStoreAsync());
        await Index(fresh, full: true);
        Assert.Equal(await SnapshotAsync(fresh), await SnapshotAsync(sp));
    }

    [SkippableFact]
    public async Task A_reader_during_re_indexing_never_sees_a_mixed_document()
    {
        const int documents = 30, paragraphs = 4;
        string[] editions = ["amber", "cobalt", "crimson", "violet"];
        void WriteAll(int edition)
        {
            for (int d = 0; d < documents; d++)
            {
                var sb = new StringBuilder($"Harbour record {d}\n");
                for (int p = 0; p < paragraphs; p++)
                {
                    sb.Append('\n');
                    for (int s = 0; s < 3; s++) sb.Append($"The {editions[edition]} edition of record {d} says the lighthouse keeper logged ship {p * 3 + s}. ");
                    sb.Append('\n');
                }
                Seeds.File($"record-{d:D3}.txt", sb.ToString());
            }
        }
        WriteAll(0);
        var sp = Services();
        var indexer = sp.GetRequiredService<IIndexer>();
        await indexer.IndexAsync(false, null, TestTimeout.Token(60));
        var store = sp.GetRequiredService<IIndexStore>();
        var answerer = sp.GetRequiredService<IAnswerer>();

        using var stop = new CancellationTokenSource();
        int reads = 0;
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await using (var r = await store.OpenReaderAsync(CancellationToken.None))
                {
                    var passages = await r.SearchPassagesAsync(["lighthouse"], 500, CancellationToken.None);
                    Assert.NotEmpty(passages);
                    foreach (var doc in passages.GroupBy(p => p.DocumentId).Take(10))
                    {
                        var all = await r.GetParagraphSentencesAsync(Enumerable.Range(1, paragraphs).Select(p => (doc.Key, p)).ToList(), CancellationToken.None);
                        Assert.Equal(paragraphs * 3, all.Count);
                        var seen = all.Select(s => s.Text).Concat(doc.Select(p => p.Text))
                            .Select(t => editions.Single(e => t.Contains(e, StringComparison.Ordinal))).Distinct().ToList();
                        Assert.True(seen.Count == 1, $"{doc.First().Path} mixes editions {string.Join(", ", seen)}");
                        Assert.Equal(all[0].Text, await r.GetTextAsync(all[0].DocumentId, all[0].Start, all[0].End, CancellationToken.None));
                    }
                }
                Assert.True((await answerer.AskAsync(new AskRequest("Which ship did the lighthouse keeper log?"), CancellationToken.None)).Answered);
                Interlocked.Increment(ref reads);
            }
        });

        for (int edition = 1; edition < editions.Length; edition++)
        {
            var readsBefore = Volatile.Read(ref reads);
            WriteAll(edition);
            if (edition == 2) for (int d = 0; d < documents; d += 7) File.Delete(Path.Combine(Seeds.Path, $"record-{d:D3}.txt"));
            var report = await indexer.IndexAsync(false, null, TestTimeout.Token(60));
            Assert.True(report.Updated + report.Added > documents / 2);
            // Let the reader finish a pass that overlapped this round before the next one (no count left to chance).
            for (var deadline = DateTime.UtcNow.AddSeconds(30); Volatile.Read(ref reads) == readsBefore && !reader.IsCompleted && DateTime.UtcNow < deadline;)
                await Task.Delay(10);
            if (reader.IsCompleted) await reader; // rethrows why the reader stopped
            Assert.False(reader.IsCompleted, "the reader stopped early");
        }
        await stop.CancelAsync();
        await reader; // rethrows the reader's first failure
        Assert.True(reads >= editions.Length - 1, $"only {reads} reads ran during re-indexing");
    }

    [SkippableFact]
    public async Task Two_shards_indexing_one_store_take_turns_and_leave_it_consistent()
    {
        for (int i = 0; i < 12; i++) Seeds.File($"note-{i:D2}.txt", $"Note {i}\n\nThe ferry number {i} left the quay at {i + 6} o'clock with {i * 10 + 3} passengers.\n");
        var shard1 = Services();
        var shard2 = Services();

        // While one shard holds the writer lock, the other is told it is busy (and by whom, where known).
        await using (await shard1.GetRequiredService<IIndexWriteLock>().TryAcquireAsync(TimeSpan.Zero, TestTimeout.Token()))
        {
            var busy = await Assert.ThrowsAsync<IndexBusyException>(() =>
                shard2.GetRequiredService<SeedIndexer>().IndexAsync(false, null, TimeSpan.Zero, TestTimeout.Token()));
            Assert.Contains("another process", busy.Message, StringComparison.Ordinal);
        }

        // Both at once, waiting for each other: each file is indexed exactly once.
        var runs = await Task.WhenAll(
            shard1.GetRequiredService<SeedIndexer>().IndexAsync(false, null, TimeSpan.FromSeconds(60), TestTimeout.Token(60)),
            shard2.GetRequiredService<SeedIndexer>().IndexAsync(false, null, TimeSpan.FromSeconds(60), TestTimeout.Token(60)));
        Assert.Equal(12, runs.Sum(r => r.Added));
        Assert.Equal(12, runs.Sum(r => r.Unchanged));
        Assert.Empty(await shard2.GetRequiredService<IIndexStore>().VerifyAsync(TestTimeout.Token()));
        Assert.Equal(12, (await shard2.GetRequiredService<IIndexStore>().ListDocumentsAsync(TestTimeout.Token())).Count);
        var answer = await Ask(shard2, "How many passengers were on ferry number 7?");
        Assert.Contains("73 passengers", answer.Quotes[0].Text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Vectors_are_stored_under_the_model_key_listed_and_kept_for_unchanged_passages()
    {
        Seeds.File("lighthouse.txt", "Lighthouse log\n\nThe keeper counted 42 ships in March.\n\nFog horns sounded twice a night in winter.\n\nGulls nested on the gallery rail.\n");
        Seeds.File("orchard.txt", "Orchard report\n\nThe orchard produced 900 crates of pears in 2019.\n\nFrost took the plums in April.\n");
        var fake = new CountingEmbeddingGenerator();
        var sp = Services(more: s => s.AddSingleton<IIndexEmbeddingStep>(new EmbeddingIndexStep(new EmbeddingSetup(fake, EmbeddingProvider.OpenAI,
            "fake-model", "test", 8, new EmbeddingOptions { BatchSize = 2, StorageEncoding = VectorEncoding.Float16 }))));
        var report = await Index(sp);
        Assert.Equal(5, report.PassagesEmbedded);

        var store = sp.GetRequiredService<IIndexStore>();
        string stamp;
        await using (var reader = await store.OpenReaderAsync(TestTimeout.Token()))
        {
            var vectors = await reader.ListPassageVectorsAsync("openai:fake-model:8", TestTimeout.Token());
            var passages = await reader.GetPassagesAsync(vectors.Select(v => v.PassageId).ToList(), TestTimeout.Token());
            Assert.Equal(5, vectors.Count);
            foreach (var (v, p) in vectors.Zip(passages))
            {
                Assert.Equal(v.PassageId, p.PassageId);
                var decoded = VectorBlob.Decode(v.Blob.Span, VectorEncoding.Float16);
                Assert.All(decoded.Zip(CountingEmbeddingGenerator.VectorFor(p.Text)), pair => Assert.Equal(pair.Second, pair.First, 0.002f));
            }
            Assert.Empty(await reader.ListPassageVectorsAsync("openai:other-model:8", TestTimeout.Token()));
            stamp = await reader.GetVectorStampAsync("openai:fake-model:8", TestTimeout.Token());
        }

        fake.Embedded.Clear();
        Seeds.File("lighthouse.txt", "Lighthouse log\n\nThe keeper counted 57 ships in March.\n\nFog horns sounded twice a night in winter.\n\nGulls nested on the gallery rail.\n");
        await Index(sp);
        // Only the changed passage; the changed sentence is the same text and gets its vector without another run.
        Assert.Equal(["The keeper counted 57 ships in March."], fake.Embedded);
        await using (var reader = await store.OpenReaderAsync(TestTimeout.Token()))
        {
            Assert.Equal(5, (await reader.ListPassageVectorsAsync("openai:fake-model:8", TestTimeout.Token())).Count);
            Assert.NotEqual(stamp, await reader.GetVectorStampAsync("openai:fake-model:8", TestTimeout.Token()));
        }
    }

    [SkippableFact]
    public async Task Paragraph_passages_are_every_passage_of_the_asked_paragraphs_in_document_order()
    {
        Seeds.File("lighthouse.txt", "Lighthouse log\n\nThe keeper counted 42 ships in March. Fog horns sounded twice a night in winter. " +
            "Gulls nested on the gallery rail. The lamp was rebuilt in 1902.\n\nThe keeper retired in 1931.\n\nNo one lives there now.\n");
        var sp = Services(new Dictionary<string, string?>(_store) { ["Bot:PassageTokens"] = "16" });
        await Index(sp);
        var store = sp.GetRequiredService<IIndexStore>();
        var doc = (await store.ListDocumentsAsync(TestTimeout.Token())).Single();
        var text = File.ReadAllText(Path.Combine(Seeds.Path, "lighthouse.txt"));
        await using var reader = await store.OpenReaderAsync(TestTimeout.Token());

        var passages = await reader.GetParagraphPassagesAsync([(doc.Id, 1), (doc.Id, 2)], TestTimeout.Token());
        var sentences = await reader.GetParagraphSentencesAsync([(doc.Id, 1), (doc.Id, 2)], TestTimeout.Token());

        var first = passages.Where(p => p.Paragraph == 1).ToList();
        Assert.True(first.Count >= 2, "the four-sentence paragraph spans several passages");
        Assert.Equal(first.OrderBy(p => p.FirstSentence).ToList(), first);
        Assert.Equal(sentences.Where(s => s.Paragraph == 1).Select(s => s.Ordinal).ToList(),
            first.SelectMany(p => Enumerable.Range(p.FirstSentence, p.LastSentence - p.FirstSentence + 1)).Distinct().ToList());
        Assert.Equal(["The keeper retired in 1931."], passages.Where(p => p.Paragraph == 2).Select(p => p.Text).ToList());
        Assert.DoesNotContain(passages, p => p.Paragraph == 3);
        Assert.All(passages, p => Assert.Equal(text[p.Start..p.End], p.Text));
        Assert.All(passages, p => Assert.Equal(("lighthouse.txt", doc.Id), (p.Path, p.DocumentId)));
        Assert.Empty(await reader.GetParagraphPassagesAsync([], TestTimeout.Token()));
    }

    [SkippableFact]
    public async Task Word_documents_list_every_document_with_a_sentence_holding_the_word_s_Porter_stem()
    {
        Seeds.File("lighthouse.txt", Lighthouse);
        Seeds.File("orchard.txt", Orchard);
        Seeds.File("bridge.txt", "Bridge notes\n\nThe old bridge was painted green.\n\nThe council counts the crates of paint.\n");
        var sp = Services();
        await Index(sp);

        await using var reader = await sp.GetRequiredService<IIndexStore>().OpenReaderAsync(TestTimeout.Token());
        var docs = (await sp.GetRequiredService<IIndexStore>().ListDocumentsAsync(TestTimeout.Token())).ToDictionary(d => Path.GetFileName(d.Path), d => d.Id);
        var found = await reader.GetWordDocumentsAsync(["crate", "counted", "fog", "absent"], TestTimeout.Token());

        Assert.Equal([docs["bridge.txt"], docs["orchard.txt"]], found["crate"].Order()); // "crates" in both, by stem
        Assert.Equal([docs["bridge.txt"], docs["lighthouse.txt"]], found["counted"].Order()); // "counted" and "counts"
        Assert.Equal([docs["lighthouse.txt"]], found["fog"]);
        Assert.Empty(found["absent"]);
    }

    [SkippableFact]
    public async Task A_schema_version_change_rebuilds_the_index_and_says_so()
    {
        Seeds.File("orchard.txt", Orchard);
        var sp = Services();
        await Index(sp);
        await SetSchemaVersionAsync(_store, "1");

        var report = await Index(sp);

        Assert.True(report.SchemaRebuilt);
        Assert.Equal(1, report.Added);
        Assert.False((await Index(sp)).SchemaRebuilt);
    }

    [SkippableFact]
    public async Task The_vocabulary_lists_the_stems_of_a_length_range_with_their_sentence_counts_and_corrects_a_misspelt_name()
    {
        Seeds.File("orchard.txt", Orchard);
        Seeds.File("orchard-2.txt", "Orchard notes\n\nThe pears were picked in autumn. More pears and pears again came in spring.\n");
        var sp = Services();
        await Index(sp);
        await using var reader = await sp.GetRequiredService<IIndexStore>().OpenReaderAsync(TestTimeout.Token());

        var stems = (await reader.ListStemsAsync("p", 4, 5, TestTimeout.Token())).ToDictionary(x => x.Stem, x => x.Sentences);

        Assert.Equal(3, stems["pear"]); // sentences in both documents, the one holding it twice counted once
        Assert.All(stems.Keys, k => Assert.True(k.StartsWith('p') && k.Length is >= 4 and <= 5, k));
        Assert.DoesNotContain("produc", stems.Keys); // six letters
        Assert.Equal(1, Assert.Single(await reader.ListStemsAsync("cr", 1, 20, TestTimeout.Token())).Sentences); // "crate"
        Assert.Empty(await reader.ListStemsAsync("zz", 1, 20, TestTimeout.Token()));
        var answer = await Ask(sp, "How many crates of peers did the orchrd produce?");
        Assert.True(answer.Answered);
        Assert.Contains("900 crates of pears", answer.Quotes[0].Text, StringComparison.Ordinal);
        Assert.Contains("“orchard”", answer.Note, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Sources_name_the_active_store()
    {
        Seeds.File("orchard.txt", Orchard);
        var sp = Services();
        await Index(sp);
        var catalog = sp.GetRequiredService<ISourceCatalog>();
        Assert.StartsWith(StoreName, catalog.IndexStore, StringComparison.Ordinal);
        var source = Assert.Single(await catalog.ListSourcesAsync(TestTimeout.Token()));
        Assert.Equal(("orchard.txt", "Orchard report", 1, 1), (source.Path, source.Title, source.Passages, source.Sentences));
        Assert.True(DateTimeOffset.UtcNow - source.IndexedAt < TimeSpan.FromMinutes(5));
    }

    /// <summary>What a store holds, without ids and timestamps, read through the store's own interfaces.</summary>
    private static async Task<string> SnapshotAsync(ServiceProvider sp)
    {
        var store = sp.GetRequiredService<IIndexStore>();
        var sb = new StringBuilder();
        var docs = (await store.ListDocumentsAsync(TestTimeout.Token())).OrderBy(d => d.Path, StringComparer.Ordinal).ToList();
        // Times left out: a file written within seconds of a run is stored as "read again next run" (-1), so the same files
        // give -1 or their time depending on how long a run took (SeedManifest.RacyMargin).
        foreach (var d in docs) sb.Append(CultureInfo.InvariantCulture, $"{d.Path}|{d.Title}|{d.ContentHash}|{d.Size}\n");
        foreach (var a in await store.ListAliasesAsync(TestTimeout.Token())) sb.Append(CultureInfo.InvariantCulture, $"alias {a.Path}|{a.ContentHash}|{a.Size}\n");
        var sources = await store.ListSourcesAsync(TestTimeout.Token());
        foreach (var s in sources) sb.Append(CultureInfo.InvariantCulture, $"{s.Path}|{s.Paragraphs}|{s.Passages}|{s.Sentences}\n");
        await using var reader = await store.OpenReaderAsync(TestTimeout.Token());
        foreach (var (d, s) in docs.Join(sources, d => d.Path, s => s.Path, (d, s) => (d, s)))
            foreach (var row in await reader.GetParagraphSentencesAsync(Enumerable.Range(1, s.Paragraphs).Select(p => (d.Id, p)).ToList(), TestTimeout.Token()))
                sb.Append(CultureInfo.InvariantCulture, $"{row.Path}|{row.Paragraph}|{row.Ordinal}|{row.Start}|{row.End}|{row.Text}\n");
        return sb.ToString();
    }

    public virtual Task DisposeAsync()
    {
        foreach (var sp in _providers) sp.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Seeds.Dispose();
        foreach (var f in _folders) f.Dispose();
        return Task.CompletedTask;
    }
}
