using Bot.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Embeddings;

/// <summary>
/// The process's one <see cref="EmbeddingSetup"/> (or none), made on first use from <c>Bot:Embeddings</c> so commands
/// that never search (e.g. <c>bot sources</c>) still start without loading a model. Disposes the setup with the host.
/// A model that fails to load is tried again after <see cref="RetryAfter"/> (a long-running bot recovers from, say, a
/// full disk during the model's unpacking without a restart); until then callers get the same error at no cost.
/// </summary>
public sealed class EmbeddingSetupProvider : IDisposable
{
    /// <summary>How long a failed load is remembered before the next caller tries again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    private readonly Func<EmbeddingSetup?> _create;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private bool _created;
    private EmbeddingSetup? _setup;
    private Exception? _failure;
    private DateTimeOffset _failedAt;
    private bool _disposed;

    public EmbeddingSetupProvider(IOptions<EmbeddingOptions> embeddings, IOptions<BotOptions> bot, ILoggerFactory loggerFactory)
        : this(() => EmbeddingGeneratorFactory.Create(embeddings.Value, bot.Value.DataPath, loggerFactory),
            (embeddings ?? throw new ArgumentNullException(nameof(embeddings))).Value.Provider != EmbeddingProvider.None, TimeProvider.System)
    {
        ArgumentNullException.ThrowIfNull(bot);
    }

    /// <summary>Uses a setup made elsewhere (a host that brings its own generator; tests).</summary>
    public EmbeddingSetupProvider(EmbeddingSetup setup)
        : this(() => setup ?? throw new ArgumentNullException(nameof(setup)), true, TimeProvider.System)
    {
        ArgumentNullException.ThrowIfNull(setup);
    }

    /// <summary>Makes the setup with <paramref name="create"/> (tests: a factory that fails, a clock they move).</summary>
    internal EmbeddingSetupProvider(Func<EmbeddingSetup?> create, bool isConfigured, TimeProvider time)
    {
        _create = create;
        _time = time;
        IsConfigured = isConfigured;
    }

    /// <summary>Whether embeddings are configured at all (known without creating the generator).</summary>
    public bool IsConfigured { get; }

    /// <summary>The setup, or null when embeddings are not configured.</summary>
    /// <exception cref="OptionsValidationException">The embedding options are invalid.</exception>
    /// <exception cref="EmbeddingModelException">The configured model cannot be loaded.</exception>
    public EmbeddingSetup? Setup
    {
        get
        {
            lock (_gate)
            {
                if (_created || _disposed) return _setup; // after disposal nothing new is loaded
                if (_failure is not null && _time.GetUtcNow() - _failedAt < RetryAfter)
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure);
                try
                {
                    _setup = _create();
                    _created = true;
                    _failure = null;
                    return _setup;
                }
                catch (Exception ex) when (ex is EmbeddingModelException or IOException or UnauthorizedAccessException)
                {
                    // Remembered for a while: every question would otherwise pay for a failing load. Invalid options
                    // are not retried (they cannot get better without a restart) and propagate as before.
                    _failure = ex;
                    _failedAt = _time.GetUtcNow();
                    throw;
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            if (_created) _setup?.Dispose();
        }
    }
}
