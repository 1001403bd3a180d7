using Bot.Core.Embeddings;
using Bot.Core.Indexing;
using Bot.Core.Search.Vectors;
using Bot.Core.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Indexing;

public sealed class EmbeddingStorageTests : IDisposable
{
    private readonly TempFolder _seeds = new();
    private readonly TempFolder _data = new();
    private readonly List<ServiceProvider> _providers = [];

    public EmbeddingStorageTests()
    {
        _seeds.File("lighthouse.txt", "Lighthouse log\n\nThe keeper counted 42 ships in March.\n\nFog horns sounded twice a night in winter.\n\nGulls nested on the gallery rail.\n");
        _seeds.File("orchard.txt", "Orchard report\n\nThe orchard produced 900 crates of pears in 2019.\n\nFrost took the plums in April.\n");
    }

    private ServiceProvider Services(CountingEmbeddingGenerator? generator, string model = "fake-model", VectorEncoding encoding = VectorEncoding.Float16)
    {
        var sp = CoreHost.Create(_seeds.Path, _data.Path, more: generator is null ? null : s => s.AddSingleton<IIndexEmbeddingStep>(
            new EmbeddingIndexStep(new EmbeddingSetup(generator, EmbeddingProvider.OpenAI, model, "test", 8,
                new EmbeddingOptions { BatchSize = 2, StorageEncoding = encoding }))));
        _providers.Add(sp);
        return sp;
    }

    private static Task<IndexReport> Index(ServiceProvider sp, bool full = false) => sp.GetRequiredService<IIndexer>().IndexAsync(full, null, TestTimeout.Token());

    private static async Task<(IReadOnlyList<PassageVector> Vectors, IReadOnlyList<PassageHit> Passages)> Read(ServiceProvider sp, string modelKey)
    {
        await using var reader = await sp.GetRequiredService<IIndexStore>().OpenReaderAsync(TestTimeout.Token());
        var vectors = await reader.ListPassageVectorsAsync(modelKey, TestTimeout.Token());
        var passages = await reader.GetPassagesAsync(vectors.Select(v => v.PassageId).ToList(), TestTimeout.Token());
        return (vectors, passages);
    }

    [Fact]
    public async Task Every_passage_gets_a_vector_stored_under_the_model_key()
    {
        var fake = new CountingEmbeddingGenerator();
        var sp = Services(fake);
        var report = await Index(sp);

        var (vectors, passages) = await Read(sp, "openai:fake-model:8");
        Assert.Equal(5, vectors.Count);
        Assert.Equal(5, report.PassagesEmbedded);
        Assert.Equal(0, report.SentencesEmbedded); // one-sentence paragraphs: each sentence is its passage's text and gets that vector
        Assert.Equal(3, fake.Calls); // BatchSize 2 per generator call: 2 + 2 + 1 passages, none for the sentences
        foreach (var (v, p) in vectors.Zip(passages))
        {
            Assert.Equal(16, v.Blob.Length); // 8 dimensions as float16
            var decoded = VectorBlob.Decode(v.Blob.Span, VectorEncoding.Float16);
            var expected = CountingEmbeddingGenerator.VectorFor(p.Text);
            Assert.All(decoded.Zip(expected), pair => Assert.Equal(pair.Second, pair.First, 0.002f));
        }
        Assert.Empty((await Read(sp, "openai:other-model:8")).Vectors);
    }

    [Fact]
    public async Task Re_indexing_reuses_the_vectors_of_unchanged_passages()
    {
        var fake = new CountingEmbeddingGenerator();
        var sp = Services(fake);
        await Index(sp);
        fake.Embedded.Clear();

        _seeds.File("lighthouse.txt", "Lighthouse log\n\nThe keeper counted 57 ships in March.\n\nFog horns sounded twice a night in winter.\n\nGulls nested on the gallery rail.\n");
        File.Move(Path.Combine(_seeds.Path, "orchard.txt"), Path.Combine(_seeds.Path, "orchard-2019.txt"));
        var report = await Index(sp);

        Assert.Equal((1, 1), (report.Updated, report.Renamed));
        // Only the changed passage; the changed sentence is the same text and gets its vector without another run.
        Assert.Equal(["The keeper counted 57 ships in March."], fake.Embedded);
        Assert.Equal(0, report.SentencesEmbedded);
        Assert.Equal(5, (await Read(sp, "openai:fake-model:8")).Vectors.Count);

        fake.Embedded.Clear();
        await Index(sp, full: true);
        Assert.Empty(fake.Embedded); // a full rebuild re-chunks, but equal passages keep their vectors
    }

    [Fact]
    public async Task A_new_model_key_re_embeds_everything_and_drops_the_old_vectors()
    {
        await Index(Services(new CountingEmbeddingGenerator()));
        var other = new CountingEmbeddingGenerator();
        var sp = Services(other, model: "fake-model-v2", encoding: VectorEncoding.Float32);

        var report = await Index(sp);

        Assert.Equal(5, report.PassagesEmbedded);
        var (vectors, _) = await Read(sp, "openai:fake-model-v2:8");
        Assert.Equal(5, vectors.Count);
        Assert.All(vectors, v => Assert.Equal(32, v.Blob.Length));
        Assert.Empty((await Read(sp, "openai:fake-model:8")).Vectors);
    }

    [Fact]
    public async Task Without_embeddings_no_vectors_are_made_and_stored_ones_are_kept()
    {
        var sp = Services(generator: null);
        Assert.Null(sp.GetService<IIndexEmbeddingStep>());
        var report = await Index(sp);
        Assert.Equal(0, report.PassagesEmbedded);
        Assert.Empty((await Read(sp, "openai:fake-model:8")).Vectors);

        await Index(Services(new CountingEmbeddingGenerator()));
        await Index(sp); // embeddings switched off again: nothing re-made, nothing lost
        Assert.Equal(5, (await Read(sp, "openai:fake-model:8")).Vectors.Count);
    }

    [Fact]
    public async Task A_failing_embedding_model_is_reported_the_text_index_still_updates_and_the_next_run_catches_up()
    {
        var fake = new CountingEmbeddingGenerator { Fail = true };
        var sp = Services(fake);
        var report = await Index(sp);

        Assert.Equal(2, report.Added);
        Assert.Contains(report.Problems, p => p.Path == "(embeddings)" && p.Message.Contains("unreachable", StringComparison.Ordinal));
        Assert.Empty((await Read(sp, "openai:fake-model:8")).Vectors);

        fake.Fail = false;
        var retried = await Index(sp);
        Assert.Equal((5, 0), (retried.PassagesEmbedded, retried.SentencesEmbedded)); // the sentences are the passages' texts
        Assert.Equal(5, (await Read(sp, "openai:fake-model:8")).Vectors.Count);
    }

    [Fact]
    public void The_embedding_step_is_registered_only_when_embeddings_are_configured()
    {
        using var none = CoreHost.Create(_seeds.Path, _data.Path);
        Assert.Null(none.GetService<IIndexEmbeddingStep>());
        Assert.False(none.GetRequiredService<SeedIndexer>().Embeds);
    }

    public void Dispose()
    {
        foreach (var sp in _providers) sp.Dispose();
        SqliteConnection.ClearAllPools();
        _seeds.Dispose();
        _data.Dispose();
    }
}
