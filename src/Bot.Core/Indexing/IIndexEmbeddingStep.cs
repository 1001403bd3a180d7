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

    /// <summary>Which sentence vectors are comparable (EmbeddingSetup.SentenceModelKey): differs from <see cref="ModelKey"/> for derived ones.</summary>
    string SentenceModelKey => ModelKey;

    /// <summary>Whether sentence vectors come from their passage's forward pass (<see cref="EmbedWithSentencesAsync"/>).</summary>
    bool DerivesSentences => false;

    /// <summary>How the blobs are encoded.</summary>
    VectorEncoding Encoding { get; }

    /// <summary>Passages embedded per call to <see cref="EmbedAsync"/>.</summary>
    int BatchSize { get; }

    /// <summary>
    /// Calls to <see cref="EmbedAsync"/> (or <see cref="EmbedWithSentencesAsync"/>) the indexer keeps running at once,
    /// storing each finished one while the others run. 1: one at a time.
    /// </summary>
    int Concurrency => 1;

    /// <summary>
    /// Loads what embedding needs (the model), called once a run has something to embed. A failure here means the step
    /// cannot embed at all (a model that cannot be loaded) and stops the run, unlike a failed batch, which is retried
    /// next run.
    /// </summary>
    Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>One encoded vector per passage text, in order.</summary>
    Task<IReadOnlyList<byte[]>> EmbedAsync(IReadOnlyList<string> passages, CancellationToken cancellationToken);

    /// <summary>
    /// One encoded vector per passage and one per sentence of it, in order, from one forward pass per passage (only
    /// when <see cref="DerivesSentences"/>).
    /// </summary>
    Task<IReadOnlyList<(byte[] Passage, IReadOnlyList<byte[]> Sentences)>> EmbedWithSentencesAsync(IReadOnlyList<PassageSentences> passages, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This embedding step embeds sentences separately.");
}
