using Bot.Core.Configuration;
using Bot.Core.Search.Vectors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Embeddings;

/// <summary>
/// The process's one <see cref="EmbeddingSetup"/> (or none), made on first use from <c>Bot:Embeddings</c> so commands
/// that never search (e.g. <c>bot sources</c>) still start without loading a model. Disposes the setup with the host.
/// A model that fails to load is tried again after <see cref="RetryAfter"/> (a long-running bot recovers from, say, a
/// full disk during the model's unpacking without a restart); until then callers get the same error at no cost.
/// Which vectors the setup makes (<see cref="ModelKey"/>, <see cref="StorageEncoding"/>, <see cref="BatchSize"/>) is known
/// from the options alone, so the indexer finds nothing to embed without loading the model.
/// </summary>
public sealed class EmbeddingSetupProvider : IDisposable
{
    /// <summary>How long a failed load is remembered before the next caller tries again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    private readonly Func<EmbeddingSetup?> _create;
    private readonly Func<string?> _modelKey;
    private readonly SentenceVectorMode? _sentenceVectors;
    private readonly VectorEncoding? _encoding;
    private readonly int? _batchSize;
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
        var options = embeddings.Value;
        _modelKey = () => EmbeddingGeneratorFactory.ModelKey(options, bot.Value.DataPath);
        _encoding = options.StorageEncoding;
        _batchSize = options.BatchSizeFor(options.Provider);
        _sentenceVectors = options.SentenceVectorsFor(options.Provider);
    }

    /// <summary>Uses a setup made elsewhere (a host that brings its own generator; tests).</summary>
    public EmbeddingSetupProvider(EmbeddingSetup setup)
        : this(() => setup ?? throw new ArgumentNullException(nameof(setup)), true, TimeProvider.System)
    {
        ArgumentNullException.ThrowIfNull(setup);
        _modelKey = () => setup.ModelKey;
        _encoding = setup.StorageEncoding;
        _batchSize = setup.BatchSize;
        _sentenceVectors = setup.SentenceVectors;
    }

    /// <summary>
    /// Makes the setup with <paramref name="create"/> (tests: a factory that fails, a clock they move, a load that takes
    /// its time); <paramref name="modelKey"/> and <paramref name="encoding"/>, when given, are known without it.
    /// </summary>
    internal EmbeddingSetupProvider(Func<EmbeddingSetup?> create, bool isConfigured, TimeProvider time, string? modelKey = null, VectorEncoding? encoding = null)
    {
        _create = create;
        _time = time;
        IsConfigured = isConfigured;
        _modelKey = modelKey is null ? () => Setup?.ModelKey : () => modelKey; // nothing known beforehand: the setup tells
        _encoding = encoding;
    }

    /// <summary>Whether embeddings are configured at all (known without creating the generator).</summary>
    public bool IsConfigured { get; }

    /// <summary>The setup's <see cref="EmbeddingSetup.ModelKey"/> without loading the model; null when not configured.</summary>
    /// <exception cref="OptionsValidationException">The embedding options are invalid.</exception>
    public string? ModelKey => IsConfigured ? _modelKey() : null;

    /// <summary>The setup's <see cref="EmbeddingSetup.SentenceVectors"/> without loading the model.</summary>
    public SentenceVectorMode SentenceVectors => _sentenceVectors ?? Setup?.SentenceVectors ?? SentenceVectorMode.Separate;

    /// <summary>The setup's <see cref="EmbeddingSetup.SentenceModelKey"/> without loading the model; null when not configured.</summary>
    public string? SentenceModelKey => ModelKey is { } key ? EmbeddingSetup.SentenceKeyOf(key, SentenceVectors) : null;

    /// <summary>The setup's <see cref="EmbeddingSetup.StorageEncoding"/> without loading the model.</summary>
    public VectorEncoding StorageEncoding => _encoding ?? Setup?.StorageEncoding ?? VectorEncoding.Float16;

    /// <summary>The setup's <see cref="EmbeddingSetup.BatchSize"/> without loading the model.</summary>
    public int BatchSize => _batchSize ?? Setup?.BatchSize ?? 1;

    /// <summary>
    /// Starts loading the model on the thread pool, so it loads while the caller does other work (the index's
    /// freshness check, the lexical half of a question); whoever needs <see cref="Setup"/> next waits for that load
    /// instead of starting one. A failure is left to that caller, which gets it from <see cref="Setup"/>.
    /// </summary>
    public void LoadInBackground()
    {
        if (!IsConfigured) return;
        lock (_gate)
        {
            if (_created || _disposed || _failure is not null) return;
        }
        _ = Task.Run(() =>
        {
            try { _ = GetOrCreate(warmUp: true); }
            catch (Exception e) when (e is EmbeddingModelException or IOException or UnauthorizedAccessException or OptionsValidationException) { }
        });
    }

    /// <summary>The setup, or null when embeddings are not configured.</summary>
    /// <exception cref="OptionsValidationException">The embedding options are invalid.</exception>
    /// <exception cref="EmbeddingModelException">The configured model cannot be loaded.</exception>
    public EmbeddingSetup? Setup => GetOrCreate(warmUp: false);

    /// <summary>
    /// The setup, made on first use; <paramref name="warmUp"/> (the background load) also gives a freshly made model its
    /// first forward pass before anyone waiting for it gets it (<see cref="EmbeddingSetup.WarmUp"/>).
    /// </summary>
    private EmbeddingSetup? GetOrCreate(bool warmUp)
    {
        lock (_gate)
        {
            if (_created || _disposed) return _setup; // after disposal nothing new is loaded
            if (_failure is not null && _time.GetUtcNow() - _failedAt < RetryAfter)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure);
            try
            {
                _setup = _create();
                if (warmUp) _setup?.WarmUp();
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
