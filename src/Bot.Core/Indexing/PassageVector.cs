namespace Bot.Core.Indexing;

/// <summary>A passage's stored embedding (a <see cref="Vectors.VectorBlob"/> in the model's storage encoding).</summary>
public sealed record PassageVector(long PassageId, ReadOnlyMemory<byte> Blob);
