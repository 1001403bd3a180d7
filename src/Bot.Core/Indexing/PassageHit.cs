using Bot.Core.Documents;

namespace Bot.Core.Indexing;

/// <summary>A retrieved passage with its rank score (higher is better) and citation data.</summary>
public sealed record PassageHit(
    long PassageId, long DocumentId, string Path, string Title, string? Url, int Paragraph, int Start, int End,
    int FirstSentence, int LastSentence, string Text, double Score, DocumentCitation? Citation = null);
