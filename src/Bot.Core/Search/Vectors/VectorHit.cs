namespace Bot.Core.Search.Vectors;

/// <summary>One vector search result: the id the vector was added with and its cosine similarity to the query (−1…1).</summary>
public readonly record struct VectorHit(long Id, float Score);
