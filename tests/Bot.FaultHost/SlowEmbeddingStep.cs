using Bot.Core.Indexing;
using Bot.Core.Search.Vectors;
using Microsoft.Extensions.Logging;

namespace Bot.FaultHost;

/// <summary>
/// An embedding step that takes <c>delay</c> per batch of 8 and makes constant 4-dimensional vectors: a stand-in for a
/// slow model (the packaged one does ~80 texts/s) with the lexical provider, so a test can see that answering does not
/// wait for it. Logs <see cref="Marker"/> with the running count after every batch.
/// </summary>
public sealed partial class SlowEmbeddingStep(TimeSpan delay, ILogger<SlowEmbeddingStep> logger) : IIndexEmbeddingStep
{
    public const string Variable = "BOT_FAULT_SLOW_EMBED_MS";

    public const string Marker = "BOT-DEBUG-EMBEDDED";

    private int _embedded;

    public string ModelKey => "slow-fake:4";

    public VectorEncoding Encoding => VectorEncoding.Float32;

    public int BatchSize => 8;

    public async Task<IReadOnlyList<byte[]>> EmbedAsync(IReadOnlyList<string> passages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passages);
        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        var total = Interlocked.Add(ref _embedded, passages.Count);
        Embedded(logger, Marker, total);
        return passages.Select(_ => VectorBlob.Encode([0.5f, 0.5f, 0.5f, 0.5f], VectorEncoding.Float32)).ToList();
    }

    [LoggerMessage(2, LogLevel.Warning, "{Marker} {Total}")]
    private static partial void Embedded(ILogger logger, string marker, int total);
}
