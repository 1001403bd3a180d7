namespace Bot.Core.Embeddings;

/// <summary>A text's contextual token vectors: <see cref="Ids"/>[t] is the WordPiece id of the unit vector at
/// <c>Vectors[t * Dimensions .. (t + 1) * Dimensions]</c>.</summary>
public sealed record TokenVectors(int[] Ids, float[] Vectors, int Dimensions)
{
    public int Count => Ids.Length;

    public ReadOnlySpan<float> this[int token] => Vectors.AsSpan(token * Dimensions, Dimensions);
}
