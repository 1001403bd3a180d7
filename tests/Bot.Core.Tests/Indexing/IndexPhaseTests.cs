using Bot.Core.Answering;
using Bot.Core.Embeddings;
using Bot.Core.Indexing;
using Bot.Core.Search.Vectors;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Indexing;

/// <summary>The text phase and the embedding phase of <see cref="SeedIndexer"/> run apart, each within its own budget.</summary>
public sealed class IndexPhaseTests : IDisposable
{
    private readonly TempFolder _seeds = new();
    private readonly TempFolder _data = new();
    private readonly CountingEmbeddingGenerator _generator = new();
    private readonly EmbeddingSetup _setup;
    private readonly ServiceProvider _services;

    public IndexPhaseTests()
    {
        _seeds.File("lighthouse.txt", "Lighthouse log\n\nThe keeper counted 42 ships in March.\n\nFog horns sounded twice a night in winter.\n");
        _seeds.File("orchard.txt", "Orchard report\n\nThe orchard produced 900 crates of pears in 2019.\n\nFrost took the plums in April.\n");
        _setup = new EmbeddingSetup(_generator, EmbeddingProvider.OpenAI, "fake-model", "test", 8,
            new EmbeddingOptions { BatchSize = 1, StorageEncoding = VectorEncoding.Float16 });
        // The hybrid retriever and answerer, as with the packaged model: a question may meet a passage without a vector.
        _services = CoreHost.Create(_seeds.Path, _data.Path, more: s =>
        {
            s.AddSingleton(new EmbeddingSetupProvider(_setup));
            s.AddSingleton<IIndexEmbeddingStep>(new EmbeddingIndexStep(_setup));
        });
    }

    public void Dispose()
    {
        _services.Dispose();
        _setup.Dispose();
        _seeds.Dispose();
        _data.Dispose();
    }

    private SeedIndexer Indexer => _services.GetRequiredService<SeedIndexer>();

    [Fact]
    public async Task A_text_only_run_embeds_nothing_and_its_text_is_answered_lexically()
    {
        var report = await Indexer.IndexAsync(new IndexRequest { Vectors = false }, null, TestTimeout.Token());

        Assert.Equal(2, report.Added);
        Assert.Equal(0, _generator.Calls);
        Assert.True(report.VectorsPending);
        var answer = await _services.GetRequiredService<IAnswerer>().AskAsync(new AskRequest("How many crates of pears did the orchard produce?"), TestTimeout.Token());
        Assert.True(answer.Answered);
        Assert.Equal("orchard.txt", answer.Quotes[0].Path);
    }

    [Fact]
    public async Task An_embedding_budget_makes_vectors_a_slice_at_a_time_until_none_are_pending()
    {
        // Two-sentence paragraphs: sentences that are not whole passages (those would get the passage's vector, no run).
        _seeds.File("lighthouse.txt", "Lighthouse log\n\nThe keeper counted 42 ships in March. Fog horns sounded twice a night in winter.\n");
        _seeds.File("orchard.txt", "Orchard report\n\nThe orchard produced 900 crates of pears in 2019. Frost took the plums in April.\n");
        await Indexer.IndexAsync(new IndexRequest { Vectors = false }, null, TestTimeout.Token());
        // EmbeddingIndexStep stores 8 generator batches of 1 per transaction; a zero budget still makes one such batch.
        var slice = new IndexRequest { Text = false, VectorBudget = TimeSpan.Zero };

        var slices = new List<IndexReport>();
        IndexReport last;
        do slices.Add(last = await Indexer.IndexAsync(slice, null, TestTimeout.Token()));
        while (last.VectorsPending && slices.Count < 20);

        Assert.False(last.VectorsPending);
        Assert.True(slices.Count > 1, "one slice embedded everything");
        Assert.All(slices, s => Assert.InRange(s.PassagesEmbedded + s.SentencesEmbedded, 1, 8));
        Assert.Equal(2, slices.Sum(s => s.PassagesEmbedded));
        Assert.Equal(4, slices.Sum(s => s.SentencesEmbedded));
        Assert.All(slices, s => Assert.Equal(0, s.Added + s.Unchanged)); // no file was looked at
        Assert.False((await Indexer.IndexAsync(new IndexRequest { Vectors = false }, null, TestTimeout.Token())).VectorsPending);
    }

    [Fact]
    public async Task A_text_run_cut_short_by_its_budget_removes_nothing_it_did_not_look_at()
    {
        await Indexer.IndexAsync(new IndexRequest(), null, TestTimeout.Token());
        _seeds.File("harbour.txt", "Harbour log\n\nThe harbour froze in 1963.\n");

        var cut = await Indexer.IndexAsync(new IndexRequest { Vectors = false, TextBudget = TimeSpan.Zero }, null, TestTimeout.Token());

        Assert.Equal(3, cut.FilesLeft);
        Assert.Equal((0, 0), (cut.Added, cut.Removed));
        Assert.Equal(2, (await _services.GetRequiredService<IIndexStore>().ListDocumentsAsync(TestTimeout.Token())).Count);
        var next = await Indexer.IndexAsync(new IndexRequest(), null, TestTimeout.Token());
        Assert.Equal((1, 0, 2, 0), (next.Added, next.Removed, next.Unchanged, next.FilesLeft));
    }

    [Fact]
    public async Task The_embedding_phase_reports_its_file_counts_rate_and_time_left()
    {
        var seen = new List<IndexProgress>();
        await Indexer.IndexAsync(new IndexRequest(), new SyncProgress(seen.Add), TestTimeout.Token());

        var embedding = seen.Where(p => p.Phase == IndexPhase.Embedding).ToList();
        Assert.NotEmpty(embedding);
        Assert.All(embedding, p => Assert.Equal((4, 4), (p.PassagesTotal, p.SentencesTotal)));
        Assert.All(embedding, p => Assert.Equal("lighthouse.txt and 1 more", p.CurrentPath));
        var last = embedding[^1];
        Assert.Equal((8, 8, 4, 4), (last.Done, last.Total, last.PassagesDone, last.SentencesDone));
        Assert.NotNull(last.TextsPerSecond);
        Assert.Equal(TimeSpan.Zero, last.TimeLeft);
        // Text first: every file-phase report comes before the first embedding one.
        Assert.True(seen.FindLastIndex(p => p.Phase == IndexPhase.Text && p.CurrentPath is not null) < seen.FindIndex(p => p.Phase == IndexPhase.Embedding));
    }

    private sealed class SyncProgress(Action<IndexProgress> report) : IProgress<IndexProgress>
    {
        public void Report(IndexProgress value) => report(value);
    }
}
