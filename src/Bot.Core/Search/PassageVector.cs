namespace Bot.Core.Search;

/// <summary>A stored passage vector: the blob as written by VectorBlob in the setup's storage encoding.</summary>
public sealed record PassageVector(long PassageId, ReadOnlyMemory<byte> Blob);
