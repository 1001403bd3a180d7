namespace Bot.Core.Embeddings;

/// <summary>A text to embed and the character spans of it (its sentences, [Start, End)) that each get a vector too.</summary>
public sealed record SpannedText(string Text, IReadOnlyList<(int Start, int End)> Spans);
