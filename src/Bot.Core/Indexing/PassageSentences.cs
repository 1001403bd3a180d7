namespace Bot.Core.Indexing;

/// <summary>
/// An indexed passage (by content hash) with its sentences' hashes and spans within <see cref="Text"/> ([Start, End)):
/// what deriving the sentences' vectors from the passage's forward pass needs.
/// </summary>
public sealed record PassageSentences(string Hash, string Text, IReadOnlyList<(string Hash, int Start, int End)> Sentences);
