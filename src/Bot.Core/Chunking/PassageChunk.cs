namespace Bot.Core.Chunking;

/// <summary>
/// A retrieval unit: consecutive sentences of one paragraph within the token budget.
/// <see cref="FirstSentence"/>..<see cref="LastSentence"/> are document sentence ordinals (inclusive).
/// </summary>
public sealed record PassageChunk(
    int Ordinal, int Paragraph, int Start, int End, string Text, int Tokens, int FirstSentence, int LastSentence, string Hash);
