using System.Globalization;
using System.IO.Packaging;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Bot.Core.Documents;

/// <summary>
/// .docx: the body's paragraphs in order (content controls entered), each table row one paragraph (its cells joined by
/// " | "), headings kept in the text but not numbered as paragraphs (as Markdown headings are not); headers, footers,
/// footnotes, comments and deleted (tracked) text are not read. Title: the document's title property, else its first
/// heading (Title or Heading style). Offsets index the extracted text, paragraphs separated by blank lines.
/// </summary>
internal static class DocxParser
{
    public static ParsedText Parse(byte[] bytes)
    {
        WordprocessingDocument doc;
        try
        {
            doc = WordprocessingDocument.Open(new MemoryStream(bytes, writable: false), isEditable: false);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or IOException or InvalidOperationException or ArgumentException)
        {
            throw new DocumentLoadException($"the Word file cannot be read: {e.Message.ReplaceLineEndings(" ").Trim()}", e);
        }
        using (doc)
        {
            var body = doc.MainDocumentPart?.Document?.Body ?? throw new DocumentLoadException("the Word file has no document body");
            var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var props = doc.PackageProperties;
            string? title = string.IsNullOrWhiteSpace(props.Title) ? null : props.Title.Trim();
            if (!string.IsNullOrWhiteSpace(props.Creator)) metadata["author"] = props.Creator.Trim();
            if (props.Created is { } created) metadata["date"] = created.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

            var sb = new StringBuilder();
            var paragraphs = new List<Paragraph>();
            void Add(string text, bool numbered)
            {
                if (text.Length == 0) return;
                if (sb.Length > 0) sb.Append("\n\n");
                int start = sb.Length;
                sb.Append(text);
                if (numbered) paragraphs.Add(new Paragraph(paragraphs.Count + 1, start, sb.Length));
            }
            foreach (var block in Blocks(body))
            {
                if (block is Table table)
                {
                    foreach (var row in table.Elements<TableRow>())
                        Add(string.Join(" | ", row.Elements<TableCell>().Select(c => HtmlParser.Collapse(string.Join(" ", c.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(TextOf)))).Where(t => t.Length > 0)), numbered: true);
                    continue;
                }
                var p = (DocumentFormat.OpenXml.Wordprocessing.Paragraph)block;
                var text = HtmlParser.Collapse(TextOf(p));
                if (IsHeading(p))
                {
                    if (title is null && text.Length > 0) { title = text; continue; }
                    Add(text, numbered: false);
                }
                else Add(text, numbered: true);
            }
            return new ParsedText(sb.ToString(), paragraphs, title, metadata);
        }
    }

    /// <summary>Body paragraphs and tables in document order, entering content controls (w:sdt).</summary>
    private static IEnumerable<OpenXmlElement> Blocks(OpenXmlElement parent)
    {
        foreach (var child in parent.ChildElements)
        {
            switch (child)
            {
                case DocumentFormat.OpenXml.Wordprocessing.Paragraph or Table:
                    yield return child;
                    break;
                case SdtBlock sdt when sdt.SdtContentBlock is { } content:
                    foreach (var inner in Blocks(content)) yield return inner;
                    break;
                case CustomXmlBlock custom:
                    foreach (var inner in Blocks(custom)) yield return inner;
                    break;
            }
        }
    }

    private static bool IsHeading(DocumentFormat.OpenXml.Wordprocessing.Paragraph p)
    {
        var style = p.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
        return style is not null && (style.Equals("Title", StringComparison.OrdinalIgnoreCase) || style.StartsWith("Heading", StringComparison.OrdinalIgnoreCase))
            || p.ParagraphProperties?.OutlineLevel?.Val?.Value is < 9;
    }

    /// <summary>The paragraph's visible text: runs' text, tabs and breaks as spaces; deleted text and field codes left out.</summary>
    private static string TextOf(DocumentFormat.OpenXml.Wordprocessing.Paragraph p)
    {
        var sb = new StringBuilder();
        foreach (var e in p.Descendants())
        {
            switch (e)
            {
                case DocumentFormat.OpenXml.Wordprocessing.Text t: sb.Append(t.Text); break;
                case TabChar or Break or CarriageReturn: sb.Append(' '); break;
                case NoBreakHyphen: sb.Append('-'); break;
            }
        }
        return sb.ToString();
    }
}
