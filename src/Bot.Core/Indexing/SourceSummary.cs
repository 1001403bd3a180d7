namespace Bot.Core.Indexing;

/// <summary>One indexed document as `bot sources` and Discord's /sources list it.</summary>
public sealed record SourceSummary(
    string Path,
    string Title,
    string? Url,
    int Paragraphs,
    int Passages,
    int Sentences,
    DateTimeOffset IndexedAt)
{
    /// <summary>Who published it (front matter `source`, og:site_name), when known.</summary>
    public string? Source { get; init; }

    /// <summary>When it was published ("yyyy-MM-dd" when known as a date).</summary>
    public string? Date { get; init; }

    /// <summary>PDF pages without a text layer ("2,5"), which could not be indexed (no OCR).</summary>
    public string? PagesWithoutText { get; init; }

    internal SourceSummary WithMetadata(string? json)
    {
        var c = Documents.DocumentCitation.FromJson(json);
        return this with { Source = c.Source, Date = c.Date, PagesWithoutText = c.PagesWithoutText };
    }
}
