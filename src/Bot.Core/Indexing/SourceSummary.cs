namespace Bot.Core.Indexing;

/// <summary>One indexed document as `bot sources` and Discord's /sources list it.</summary>
public sealed record SourceSummary(
    string Path,
    string Title,
    string? Url,
    int Paragraphs,
    int Passages,
    int Sentences,
    DateTimeOffset IndexedAt);
