using Bot.Core.Indexing;
using Bot.Core.Search;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Search;

public sealed class RetrievalModeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "bot-mode-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Without_embeddings_configured_retrieval_is_lexical_and_sources_say_so()
    {
        using var services = CoreHost.Create(Path.Combine(_root, "seeds"), Path.Combine(_root, "data"));

        Assert.IsType<LexicalRetriever>(services.GetRequiredService<IRetriever>());
        Assert.Equal("lexical (BM25)", services.GetRequiredService<ISourceCatalog>().RetrievalMode);
    }

    [Fact]
    public void With_an_embeddings_endpoint_configured_retrieval_is_hybrid_and_sources_name_the_model()
    {
        // Port 9 (discard) on loopback: nothing is contacted until a question is embedded.
        using var services = CoreHost.Create(Path.Combine(_root, "seeds"), Path.Combine(_root, "data"), new Dictionary<string, string?>
        {
            ["Bot:Embeddings:Provider"] = "openai",
            ["Bot:Embeddings:Endpoint"] = "http://127.0.0.1:9/v1",
            ["Bot:Embeddings:Model"] = "nomic-embed-text",
        });

        Assert.IsType<HybridRetriever>(services.GetRequiredService<IRetriever>());
        Assert.Equal("hybrid (BM25 + nomic-embed-text via OpenAI-compatible endpoint 127.0.0.1:9)", services.GetRequiredService<ISourceCatalog>().RetrievalMode);
    }
}
