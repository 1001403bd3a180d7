using Bot.Core.Documents;

namespace Bot.Core.Answering;

/// <summary>
/// A verbatim span of a source. For .txt and .md sources the file's characters [<see cref="Start"/>, <see cref="End"/>)
/// are exactly <see cref="Text"/>; for .html, .pdf and .docx they index the extracted text (what `bot text` prints).
/// </summary>
public sealed record Quote(
    string Text,
    string Title,
    string Path,
    int Paragraph,
    int Start,
    int End,
    double Score,
    string? Url = null)
{
    /// <summary>The page the quoted paragraph starts on (PDF sources).</summary>
    public int? Page { get; init; }

    /// <summary>Who published the document (front matter `source`, og:site_name).</summary>
    public string? Source { get; init; }

    /// <summary>When it was published: "yyyy-MM-dd" when known as a date, else as the source gave it.</summary>
    public string? Date { get; init; }

    /// <summary>This quote with the page, source and date its document's citation gives.</summary>
    public Quote WithCitation(DocumentCitation? citation) => citation is null ? this
        : this with { Page = citation.PageOf(Paragraph), Source = citation.Source, Date = citation.Date };

    /// <summary>"Title — Source, 4 July 2025, p. 3, ¶7" with the parts that are known.</summary>
    public string Citation => new DocumentCitation(Source, Date, null, null).Format(Title, Paragraph, Page);
}
