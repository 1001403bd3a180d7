namespace Bot.Core.Embeddings;

/// <summary>A sentence-embedding model <c>bot model pull</c> knows how to fetch.</summary>
/// <param name="Name">Short name used in configuration and as the cache folder name.</param>
/// <param name="Repository">Repository id at the model source, e.g. <c>sentence-transformers/all-MiniLM-L6-v2</c>.</param>
/// <param name="Revision">Branch, tag or commit to fetch.</param>
/// <param name="Dimensions">Embedding length.</param>
/// <param name="Pooling">Pooling the model was trained with.</param>
/// <param name="Files">Files to fetch.</param>
/// <param name="QueryPrefix">Instruction the model expects before short search queries (not before passages); null for none.</param>
public sealed record KnownEmbeddingModel(string Name, string Repository, string Revision, int Dimensions, PoolingMode Pooling, IReadOnlyList<ModelFile> Files, string? QueryPrefix = null);
