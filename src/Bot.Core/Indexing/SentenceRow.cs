namespace Bot.Core.Indexing;

/// <summary>A stored sentence with its document's citation data.</summary>
public sealed record SentenceRow(
    long Id, long DocumentId, string Path, string Title, string? Url, int Paragraph, int Ordinal, int Start, int End, string Text);
