using Bot.Core.Embeddings;
using Bot.Core.Search.Vectors;

namespace Bot.Core.Indexing;

/// <summary>Embeds passages with the configured <see cref="EmbeddingSetup"/> and encodes them for storage.</summary>
public sealed class EmbeddingIndexStep(EmbeddingSetup setup) : IIndexEmbeddingStep
{
    public string ModelKey => setup.ModelKey;

    public VectorEncoding Encoding => setup.StorageEncoding;

    // Several generator batches per store transaction: fewer commits, same number of embedding calls.
    public int BatchSize => Math.Max(1, setup.BatchSize) * 8;

    public async Task<IReadOnlyList<byte[]>> EmbedAsync(IReadOnlyList<string> passages, CancellationToken cancellationToken)
    {
        var vectors = await setup.EmbedPassagesAsync(passages, null, cancellationToken).ConfigureAwait(false);
        return vectors.Select(v => VectorBlob.Encode(v, setup.StorageEncoding)).ToList();
    }
}
