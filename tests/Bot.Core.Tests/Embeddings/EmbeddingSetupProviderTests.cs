using Bot.Core.Embeddings;
using Bot.Core.Tests.Search;

namespace Bot.Core.Tests.Embeddings;

public sealed class EmbeddingSetupProviderTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static EmbeddingSetup NewSetup() =>
        new(new KeywordEmbeddingGenerator(), EmbeddingProvider.OpenAI, "keyword-test", "test", 3, new EmbeddingOptions());

    [Fact]
    public void A_failed_model_load_is_remembered_for_a_while_then_tried_again_and_recovers()
    {
        var clock = new ManualClock();
        int attempts = 0;
        using var setup = NewSetup();
        using var provider = new EmbeddingSetupProvider(() => ++attempts == 1 ? throw new EmbeddingModelException("disk full while unpacking") : setup, true, clock);

        var first = Assert.Throws<EmbeddingModelException>(() => provider.Setup);
        clock.Now += EmbeddingSetupProvider.RetryAfter - TimeSpan.FromSeconds(1);
        var again = Assert.Throws<EmbeddingModelException>(() => provider.Setup);

        Assert.Same(first, again);
        Assert.Equal(1, attempts); // the same error, without loading again

        clock.Now += TimeSpan.FromSeconds(2);
        Assert.Same(setup, provider.Setup);
        Assert.Same(setup, provider.Setup);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public void A_loaded_setup_is_made_once_and_disposed_with_the_provider()
    {
        int attempts = 0;
        var generator = new Bot.Core.Tests.Indexing.CountingEmbeddingGenerator(3);
        var setup = new EmbeddingSetup(generator, EmbeddingProvider.OpenAI, "keyword-test", "test", 3, new EmbeddingOptions());
        var provider = new EmbeddingSetupProvider(() => { attempts++; return setup; }, true, TimeProvider.System);

        Assert.Same(provider.Setup, provider.Setup);
        provider.Dispose();

        Assert.Equal(1, attempts);
        Assert.True(generator.Disposed);
        Assert.Same(setup, provider.Setup); // nothing new is loaded after disposal
        Assert.Equal(1, attempts);
    }
}
