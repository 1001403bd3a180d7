using Bot.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Embeddings;

/// <summary>
/// The process's one <see cref="EmbeddingSetup"/> (or none), made on first use from <c>Bot:Embeddings</c> so commands
/// that never search (e.g. <c>bot sources</c>) still start without loading a model. Disposes the setup with the host.
/// </summary>
public sealed class EmbeddingSetupProvider : IDisposable
{
    private readonly Lazy<EmbeddingSetup?> _setup;

    public EmbeddingSetupProvider(IOptions<EmbeddingOptions> embeddings, IOptions<BotOptions> bot, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(bot);
        _setup = new Lazy<EmbeddingSetup?>(() => EmbeddingGeneratorFactory.Create(embeddings.Value, bot.Value.DataPath, loggerFactory));
        IsConfigured = embeddings.Value.Provider != EmbeddingProvider.None;
    }

    /// <summary>Uses a setup made elsewhere (a host that brings its own generator; tests).</summary>
    public EmbeddingSetupProvider(EmbeddingSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        _setup = new Lazy<EmbeddingSetup?>(setup);
        IsConfigured = true;
    }

    /// <summary>Whether embeddings are configured at all (known without creating the generator).</summary>
    public bool IsConfigured { get; }

    /// <summary>The setup, or null when embeddings are not configured.</summary>
    /// <exception cref="OptionsValidationException">The embedding options are invalid.</exception>
    /// <exception cref="EmbeddingModelException">The configured model cannot be loaded.</exception>
    public EmbeddingSetup? Setup => _setup.Value;

    public void Dispose()
    {
        if (_setup.IsValueCreated)
        {
            _setup.Value?.Dispose();
        }
    }
}
