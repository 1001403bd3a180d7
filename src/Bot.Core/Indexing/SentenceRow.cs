using Bot.Core.Documents;

namespace Bot.Core.Indexing;

/// <summary>A stored sentence with its document's citation data (<see cref="Citation"/>: source, date, pages).</summary>
public sealed record SentenceRow(
    long Id, long DocumentId, string Path, string Title, string? Url, int Paragraph, int Ordinal, int Start, int End, string Text,
    DocumentCitation? Citation = null);
