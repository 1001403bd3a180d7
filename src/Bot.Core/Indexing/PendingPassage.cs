namespace Bot.Core.Indexing;

/// <summary>A distinct passage (or sentence) text, by content hash, that still needs a vector.</summary>
public sealed record PendingPassage(string Hash, string Text);
