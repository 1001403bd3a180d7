namespace Bot.Core.Chunking;

/// <summary>A sentence of a document: paragraph number, ordinal within the document, and its span.</summary>
public sealed record SentenceChunk(int Paragraph, int Ordinal, int Start, int End, string Text);
