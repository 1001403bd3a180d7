using Bot.Core.Search.Vectors;

namespace Bot.Core.Indexing;

/// <summary>Vectors made by one embedding model (<paramref name="ModelKey"/>, see EmbeddingSetup.ModelKey), encoded alike.</summary>
public sealed record VectorBatch(string ModelKey, VectorEncoding Encoding, IReadOnlyList<EncodedVector> Vectors);
