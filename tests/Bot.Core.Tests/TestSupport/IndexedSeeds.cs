using Bot.Core.Indexing;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.TestSupport;

/// <summary>
/// Base of test classes that ask questions of an indexed seeds folder: the real core services over a fresh data folder,
/// indexed before the tests run, disposed after.
/// </summary>
public abstract class IndexedSeeds(string seeds, IDictionary<string, string?>? settings = null) : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _data = new();

    protected ServiceProvider Services { get; private set; } = null!;

    /// <summary>Settings of the packaged all-MiniLM-L6-v2 (the CLI's default), plus <paramref name="more"/>.</summary>
    protected static Dictionary<string, string?> WithPackagedModel(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["Bot:Embeddings:Provider"] = "onnx", ["Bot:Embeddings:ModelName"] = "all-MiniLM-L6-v2" };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    public async Task InitializeAsync()
    {
        Services = CoreHost.Create(seeds, _data.Path, settings);
        // Generous: with an embedding model configured, indexing embeds every passage and sentence.
        await Services.GetRequiredService<IIndexer>().IndexAsync(false, null, TestTimeout.Token(300));
    }

    public async Task DisposeAsync()
    {
        if (Services is not null) await Services.DisposeAsync();
    }

    public void Dispose()
    {
        _data.Dispose();
        GC.SuppressFinalize(this);
    }
}
