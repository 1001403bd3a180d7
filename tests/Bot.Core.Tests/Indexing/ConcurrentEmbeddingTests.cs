using Bot.Core.Indexing;
using Bot.Core.Search.Vectors;
using Bot.Core.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Indexing;

/// <summary>
/// The indexer keeps <see cref="IIndexEmbeddingStep.Concurrency"/> embedding calls running while it stores the finished
/// ones: the same vectors as one call at a time, and a stopped run keeps what it stored.
/// </summary>
public sealed class ConcurrentEmbeddingTests : IDisposable
{
    private readonly TempFolder _seeds = new();
    private readonly List<TempFolder> _data = [];
    private readonly List<ServiceProvider> _providers = [];

    public ConcurrentEmbeddingTests()
    {
        for (int f = 0; f < 3; f++)
        {
            var paragraphs = Enumerable.Range(0, 4).Select(p => $"Log {f}-{p} opens here. The keeper counted {f * 10 + p} ships in the {p}th week.");
            _seeds.File($"log-{f}.txt", $"Harbour log {f}\n\n" + string.Join("\n\n", paragraphs) + "\n");
        }
    }

    public void Dispose()
    {
        foreach (var p in _providers) p.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var d in _data) d.Dispose();
        _seeds.Dispose();
    }

    private (ServiceProvider Services, string Data) Services(IIndexEmbeddingStep step, string? data = null)
    {
        if (data is null)
        {
            var folder = new TempFolder();
            _data.Add(folder);
            data = folder.Path;
        }
        var sp = CoreHost.Create(_seeds.Path, data, more: s => s.AddSingleton(step));
        _providers.Add(sp);
        return (sp, data);
    }

    private static List<(string ModelKey, string Hash, string? Text, byte[] Vector)> Stored(string data, string table) =>
        StoredVectors.Read(data, sentences: table == "sentences");

    [Fact]
    public async Task Two_embedding_calls_at_once_store_the_same_vectors_as_one_at_a_time()
    {
        var one = new GatedEmbeddingStep(1);
        var two = new GatedEmbeddingStep(2);
        var (sequential, sequentialData) = Services(one);
        var (concurrent, concurrentData) = Services(two);

        var a = await sequential.GetRequiredService<IIndexer>().IndexAsync(false, null, TestTimeout.Token());
        var b = await concurrent.GetRequiredService<IIndexer>().IndexAsync(false, null, TestTimeout.Token());

        Assert.Equal((1, 2), (one.MostRunning, two.MostRunning));
        Assert.Equal((a.PassagesEmbedded, a.SentencesEmbedded), (b.PassagesEmbedded, b.SentencesEmbedded));
        Assert.Equal(12, b.PassagesEmbedded);
        foreach (var table in new[] { "passages", "sentences" })
        {
            var expected = Stored(sequentialData, table);
            var actual = Stored(concurrentData, table);
            Assert.Equal(expected.Select(r => r.Hash), actual.Select(r => r.Hash));
            Assert.All(expected.Zip(actual), pair => Assert.Equal(pair.First.Vector, pair.Second.Vector));
        }
        Assert.False(b.VectorsPending);
    }

    [Fact]
    public async Task A_run_cancelled_while_two_calls_run_keeps_the_stored_batches_and_the_next_run_completes()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestTimeout.Token());
        var stopping = new GatedEmbeddingStep(2) { CancelOnCall = 4, Cancel = cancel };
        var (services, data) = Services(stopping);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => services.GetRequiredService<IIndexer>().IndexAsync(false, null, cancel.Token));

        var kept = Stored(data, "passages");
        Assert.InRange(kept.Count, 1, 11); // the batches written before the stop, not all 12 passages
        Assert.All(kept, r => Assert.Equal(VectorBlob.Encode(CountingEmbeddingGenerator.VectorFor(r.Text!), VectorEncoding.Float32), r.Vector));

        var again = new GatedEmbeddingStep(2);
        var (next, _) = Services(again, data);
        var report = await next.GetRequiredService<IIndexer>().IndexAsync(false, null, TestTimeout.Token());

        Assert.Equal(12 - kept.Count, report.PassagesEmbedded);
        var all = Stored(data, "passages");
        Assert.Equal(12, all.Count);
        Assert.All(all, r => Assert.Equal(VectorBlob.Encode(CountingEmbeddingGenerator.VectorFor(r.Text!), VectorEncoding.Float32), r.Vector));
        Assert.False(report.VectorsPending);
    }
}
