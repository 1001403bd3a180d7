namespace Bot.Core.Chunking;

/// <summary>
/// A sentence of a document: paragraph number, ordinal within the document, its span, and its content hash
/// (<see cref="ContentHash"/>, as passages have: it keys the sentence's stored vector).
/// </summary>
public sealed record SentenceChunk(int Paragraph, int Ordinal, int Start, int End, string Text, string Hash);
