using Bot.Core.Search.Vectors;

namespace Bot.Core.Indexing;

/// <summary>
/// The optional embedding stage of indexing: registered only when embeddings are configured (Bot:Embeddings), so the
/// lexical default stores no vectors and pays nothing.
/// </summary>
public interface IIndexEmbeddingStep
{
    /// <summary>Which vectors are comparable (EmbeddingSetup.ModelKey); a change means re-embedding.</summary>
    string ModelKey { get; }

    /// <summary>How the blobs are encoded.</summary>
    VectorEncoding Encoding { get; }

    /// <summary>Passages embedded per call to <see cref="EmbedAsync"/>.</summary>
    int BatchSize { get; }

    /// <summary>
    /// Loads what embedding needs (the model), called once a run has something to embed. A failure here means the step
    /// cannot embed at all (a model that cannot be loaded) and stops the run, unlike a failed batch, which is retried
    /// next run.
    /// </summary>
    Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>One encoded vector per passage text, in order.</summary>
    Task<IReadOnlyList<byte[]>> EmbedAsync(IReadOnlyList<string> passages, CancellationToken cancellationToken);
}
