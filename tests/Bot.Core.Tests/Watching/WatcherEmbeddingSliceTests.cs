using System.Diagnostics;
using System.Threading.Channels;
using Bot.Core.DependencyInjection;
using Bot.Core.Embeddings;
using Bot.Core.Indexing;
using Bot.Core.Search.Vectors;
using Bot.Core.Tests.Indexing;
using Bot.Core.Tests.TestSupport;
using Bot.Core.Watching;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Watching;

/// <summary>The watcher stores text first and embeds in slices, going back to new files between them.</summary>
public sealed class WatcherEmbeddingSliceTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _seeds = new();
    private readonly TempFolder _data = new();
    private readonly SlowGenerator _generator = new(TimeSpan.FromMilliseconds(150));
    private readonly Channel<ReindexedEventArgs> _events = Channel.CreateUnbounded<ReindexedEventArgs>();
    private EmbeddingSetup _setup = null!;
    private ServiceProvider _services = null!;
    private SeedWatcher _watcher = null!;

    public async Task InitializeAsync()
    {
        _seeds.File("lighthouse.txt", "Lighthouse log\n\nThe keeper counted 42 ships in March.\n");
        var settings = new Dictionary<string, string?>
        {
            ["Bot:Watch:DebounceMilliseconds"] = "100",
            ["Bot:Watch:SettleMilliseconds"] = "200",
            ["Bot:Watch:RescanSeconds"] = "0",
            ["Bot:Watch:EmbedSliceSeconds"] = "1",
        };
        _setup = new EmbeddingSetup(_generator, EmbeddingProvider.OpenAI, "slow-model", "test", 8,
            new EmbeddingOptions { BatchSize = 1, StorageEncoding = VectorEncoding.Float16 });
        _services = CoreHost.Create(_seeds.Path, _data.Path, settings, s =>
        {
            s.AddSingleton<IIndexEmbeddingStep>(new EmbeddingIndexStep(_setup));
            s.AddSeedWatching(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        });
        await _services.GetRequiredService<IIndexer>().IndexAsync(false, null, TestTimeout.Token());
        _watcher = _services.GetRequiredService<SeedWatcher>();
        _watcher.Reindexed += (_, e) => _events.Writer.TryWrite(e);
        await _watcher.StartAsync(TestTimeout.Token());
        await _watcher.Watching.WaitAsync(TestTimeout.Token());
    }

    [Fact]
    public async Task A_new_file_is_indexed_while_a_huge_one_is_still_being_embedded()
    {
        // 60 paragraphs of 3 sentences: 240 texts at 150 ms each, about 36 s of embedding.
        _seeds.File("coast.txt", "Survey of the coast\n\n" + string.Concat(Enumerable.Range(0, 60).Select(i =>
            $"Station {i} logged {i * 7} gulls. Its keeper was number {i}. The tide rose {i % 9} feet.\n\n")));
        var big = await _events.Reader.ReadAsync(TestTimeout.Token(30));
        Assert.Equal(["Survey of the coast"], big.Report!.AddedTitles);
        Assert.True(big.Report.VectorsPending);

        var sw = Stopwatch.StartNew();
        _seeds.File("orchard.txt", "Orchard report\n\nThe orchard produced 900 crates of pears in 2019.\n");
        var small = await _events.Reader.ReadAsync(TestTimeout.Token(30));

        Assert.Equal(["Orchard report"], small.Report!.AddedTitles);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"the small file waited {sw.Elapsed}");
        Assert.InRange(_generator.Embedded, 1, 200); // embedding had started and was far from done
    }

    public async Task DisposeAsync()
    {
        await _watcher.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        _setup.Dispose();
    }

    public void Dispose()
    {
        _seeds.Dispose();
        _data.Dispose();
    }

    /// <summary>A fake model that takes <c>delay</c> per text.</summary>
    private sealed class SlowGenerator(TimeSpan delay) : IEmbeddingGenerator<string, Embedding<float>>
    {
        private int _embedded;

        public int Embedded => Volatile.Read(ref _embedded);

        public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = values.ToList();
            await Task.Delay(delay * list.Count, cancellationToken);
            Interlocked.Add(ref _embedded, list.Count);
            GeneratedEmbeddings<Embedding<float>> embeddings = [.. list.Select(t => new Embedding<float>(CountingEmbeddingGenerator.VectorFor(t)))];
            return embeddings;
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
