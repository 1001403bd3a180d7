using System.Globalization;
using Bot.Core.Documents;

namespace Bot.Core.Ingesting;

/// <summary>
/// What `bot add` did with one item: the seeds-relative path it was saved under (or is already present under, when
/// <see cref="AlreadyPresent"/>), and the document as the index will read it.
/// </summary>
public sealed record AddedSeed(string Path, Document Document, bool AlreadyPresent)
{
    /// <summary>"“Title” — Source, 4 July 2025, 12 paragraphs" with what is known (the same line in the console and Discord).</summary>
    public string Summary()
    {
        var c = DocumentCitation.From(Document.Metadata);
        var parts = new List<string>();
        if (c.Source is not null) parts.Add(c.Source);
        if (c.DisplayDate is { } date) parts.Add(date);
        var count = Document.Paragraphs.Count;
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"{count} paragraph{(count == 1 ? "" : "s")}"));
        if (c.PagesWithoutText is { } empty) parts.Add($"no text on page {empty} (no OCR)");
        return $"“{Document.Title}” — {string.Join(", ", parts)}";
    }
}
