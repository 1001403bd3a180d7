using Bot.Core.Embeddings;
using Bot.Core.Indexing;
using Bot.Core.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Embeddings;

/// <summary>
/// The packaged float model indexed with two embedding calls at once (<see cref="EmbeddingOptions.IndexConcurrency"/>,
/// the ONNX default on 2 cores) and with one at a time: every stored passage and sentence vector is the same, byte for
/// byte, because each call embeds the same texts in the same model batches and a forward pass does not depend on what
/// runs beside it.
/// </summary>
[Integration(TestCategory.Model)]
public sealed class PackagedModelConcurrentIndexTests(PackagedModelFixture model) : IClassFixture<PackagedModelFixture>, IDisposable
{
    private readonly TempFolder _seeds = new();
    private readonly List<TempFolder> _data = [];
    private readonly List<ServiceProvider> _providers = [];

    public void Dispose()
    {
        foreach (var p in _providers) p.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var d in _data) d.Dispose();
        _seeds.Dispose();
    }

    private async Task<string> IndexAsync(int concurrency)
    {
        // A setup over the fixture's generator (not disposed here: the fixture owns it) with its own concurrency.
        var setup = new EmbeddingSetup(model.Generator, EmbeddingProvider.Onnx, "all-MiniLM-L6-v2", "ONNX", 384,
            new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelName = "all-MiniLM-L6-v2", IndexConcurrency = concurrency });
        var data = new TempFolder();
        _data.Add(data);
        var sp = CoreHost.Create(_seeds.Path, data.Path, more: s => s.AddSingleton<IIndexEmbeddingStep>(new EmbeddingIndexStep(setup)));
        _providers.Add(sp);
        var report = await sp.GetRequiredService<IIndexer>().IndexAsync(false, null, TestTimeout.Token(300));
        Assert.False(report.VectorsPending);
        Assert.True(report.SentencesEmbedded > report.PassagesEmbedded);
        return data.Path;
    }

    [Fact]
    public async Task Two_forward_passes_at_once_store_the_vectors_one_at_a_time_stores()
    {
        // About 30 passages and 100 sentences of squad-dev's Warsaw article: several batches of 64 texts each way.
        var text = await File.ReadAllTextAsync(Path.Combine(RepoPaths.SquadDocs, "warsaw.txt"));
        _seeds.File("warsaw.txt", text[..text.IndexOf('\n', 12_000)]);

        var one = await IndexAsync(1);
        var two = await IndexAsync(2);

        foreach (var sentences in new[] { false, true })
        {
            var expected = StoredVectors.Read(one, sentences);
            var actual = StoredVectors.Read(two, sentences);
            Assert.NotEmpty(expected);
            Assert.Equal(expected.Select(r => (r.ModelKey, r.Hash)), actual.Select(r => (r.ModelKey, r.Hash)));
            Assert.All(expected.Zip(actual), pair => Assert.Equal(pair.First.Vector, pair.Second.Vector));
        }
    }
}
