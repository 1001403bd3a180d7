namespace Bot.Core.Embeddings;

/// <summary>A <see cref="SpannedText"/>'s unit vectors: the whole text's, and one per span, in the spans' order.</summary>
public sealed record SpannedVectors(float[] Text, IReadOnlyList<float[]> Spans);
