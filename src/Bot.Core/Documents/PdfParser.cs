using System.Globalization;
using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.DocumentLayoutAnalysis;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.Exceptions;
using UglyToad.PdfPig.Fonts;

namespace Bot.Core.Documents;

/// <summary>
/// .pdf: the text layer (no OCR) in reading order. Each page's words are grouped into lines and blocks (PdfPig's
/// Docstrum segmenter); blocks are read band by band (a block spanning the text width separates bands), column by column
/// within a band, top to bottom within a column. A block splits into paragraphs where the line gap widens; a paragraph
/// that stops without final punctuation and is continued in lower case on the next column or page is joined to it.
/// Words hyphenated across a line end are joined. Running headers and footers — lines repeating at the same height on
/// several pages (digits ignored, so "Page 3" repeats) — and bare page numbers are dropped. Metadata: "pages" maps pages
/// to their first paragraph ("1:1,2:4"), "pages_without_text" lists pages with no text layer (scanned pages).
/// </summary>
internal static class PdfParser
{
    private sealed record Line(string Text, double Left, double Right, double Top, double Bottom, double Height);

    private sealed record Block(List<Line> Lines, double Left, double Right, double Top, double Bottom);

    private sealed record PageLines(int Number, double Height, List<Block> Blocks);

    public static ParsedText Parse(byte[] bytes)
    {
        PdfDocument pdf;
        try
        {
            pdf = PdfDocument.Open(bytes, new ParsingOptions { UseLenientParsing = true });
        }
        catch (PdfDocumentEncryptedException) { throw new DocumentLoadException("the PDF is encrypted"); }
        catch (Exception e) when (IsReadFailure(e))
        {
            throw new DocumentLoadException($"the PDF cannot be read: {OneLine(e.Message)}", e);
        }
        using (pdf)
        {
            var pages = new List<PageLines>();
            var empty = new List<int>();
            try
            {
                foreach (var page in pdf.GetPages())
                {
                    var words = page.GetWords().Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToList();
                    if (words.Count == 0) { empty.Add(page.Number); continue; }
                    pages.Add(new PageLines(page.Number, page.Height, Segment(words)));
                }
            }
            catch (Exception e) when (IsReadFailure(e))
            {
                throw new DocumentLoadException($"a page of the PDF cannot be read: {OneLine(e.Message)}", e);
            }
            if (pages.Count == 0)
                throw new DocumentLoadException($"the PDF has no text layer ({Pages(empty.Count)} of scanned images or no text; there is no OCR)");
            DropRunningLines(pages);

            var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (empty.Count > 0) metadata["pages_without_text"] = string.Join(",", empty);
            var info = pdf.Information;
            if (!string.IsNullOrWhiteSpace(info.Author)) metadata["author"] = info.Author.Trim();
            if (info.GetCreatedDateTimeOffset() is { } created) metadata["date"] = created.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return Assemble(pages, string.IsNullOrWhiteSpace(info.Title) ? null : info.Title.Trim(), metadata);
        }
    }

    // What PdfPig throws on a damaged or unsupported file.
    private static bool IsReadFailure(Exception e) => e is PdfDocumentFormatException or InvalidFontFormatException or CorruptCompressedDataException
        or InvalidOperationException or ArgumentException or IndexOutOfRangeException or NullReferenceException or FormatException or InvalidCastException
        or KeyNotFoundException or EndOfStreamException or IOException;

    private static string Pages(int n) => n == 1 ? "1 page" : $"{n} pages";

    private static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();

    private static List<Block> Segment(List<Word> words)
    {
        var blocks = DocstrumBoundingBoxes.Instance.GetBlocks(words)
            .Select(b => ToBlock(b.TextLines))
            .Where(b => b.Lines.Count > 0)
            .ToList();
        return ReadingOrder(blocks);
    }

    private static Block ToBlock(IEnumerable<TextLine> lines)
    {
        var list = lines
            .Select(l => new Line(l.Text.Trim(), l.BoundingBox.Left, l.BoundingBox.Right, l.BoundingBox.Top, l.BoundingBox.Bottom, l.BoundingBox.Height))
            .Where(l => l.Text.Length > 0)
            .OrderByDescending(l => l.Top)
            .ToList();
        return Make(list);
    }

    private static Block Make(List<Line> lines) => lines.Count == 0
        ? new Block(lines, 0, 0, 0, 0)
        : new Block(lines, lines.Min(l => l.Left), lines.Max(l => l.Right), lines.Max(l => l.Top), lines.Min(l => l.Bottom));

    /// <summary>Bands separated by blocks that span most of the text width; columns within a band; top-down within a column.</summary>
    private static List<Block> ReadingOrder(List<Block> blocks)
    {
        if (blocks.Count < 2) return blocks;
        double left = blocks.Min(b => b.Left), right = blocks.Max(b => b.Right), width = Math.Max(1, right - left);
        var ordered = new List<Block>();
        var band = new List<Block>();
        foreach (var b in blocks.OrderByDescending(b => b.Top))
        {
            if (b.Right - b.Left > 0.6 * width)
            {
                ordered.AddRange(Columns(band));
                band.Clear();
                ordered.Add(b);
            }
            else band.Add(b);
        }
        ordered.AddRange(Columns(band));
        return ordered;
    }

    private static IEnumerable<Block> Columns(List<Block> band)
    {
        var columns = new List<(double Left, double Right, List<Block> Blocks)>();
        foreach (var b in band) // already top-down
        {
            int i = columns.FindIndex(c => b.Left < c.Right && c.Left < b.Right);
            if (i < 0) columns.Add((b.Left, b.Right, [b]));
            else columns[i] = (Math.Min(columns[i].Left, b.Left), Math.Max(columns[i].Right, b.Right), [.. columns[i].Blocks, b]);
        }
        return columns.OrderBy(c => c.Left).SelectMany(c => c.Blocks);
    }

    /// <summary>
    /// A line is a running header or footer when the same text (digits ignored) stands at the same height on at least
    /// two pages and on at least half the pages with text; a bare page number ("7", "- 7 -", "Page 7", "7 of 12") in the
    /// top or bottom eighth of a page goes too.
    /// </summary>
    private static void DropRunningLines(List<PageLines> pages)
    {
        static string Key(Line l) => string.Concat(
            new string(l.Text.Select(c => char.IsDigit(c) ? '#' : char.ToLowerInvariant(c)).ToArray()),
            "@", Math.Round(l.Top / 4).ToString(CultureInfo.InvariantCulture));
        var counts = pages
            .SelectMany(p => p.Blocks.SelectMany(b => b.Lines).Select(Key).Distinct().Select(k => (k, p.Number)))
            .GroupBy(x => x.k).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        int needed = Math.Max(2, (pages.Count + 1) / 2);
        foreach (var page in pages)
        {
            for (int i = page.Blocks.Count - 1; i >= 0; i--)
            {
                var kept = page.Blocks[i].Lines
                    .Where(l => counts[Key(l)] < needed && !(IsPageNumber(l.Text) && (l.Bottom > page.Height * 7 / 8 || l.Top < page.Height / 8)))
                    .ToList();
                if (kept.Count == 0) page.Blocks.RemoveAt(i);
                else if (kept.Count < page.Blocks[i].Lines.Count) page.Blocks[i] = Make(kept);
            }
        }
    }

    private static bool IsPageNumber(string text)
    {
        var t = text.Trim().Trim('-', '–', '—', ' ', '|').Trim();
        if (t.StartsWith("page ", StringComparison.OrdinalIgnoreCase)) t = t[5..].Trim();
        var parts = t.Split(" of ", 2, StringSplitOptions.TrimEntries);
        return parts.All(p => p.Length is > 0 and <= 5 && (p.All(char.IsDigit) || p.All(c => "ivxlcdm".Contains(char.ToLowerInvariant(c), StringComparison.Ordinal))));
    }

    private static ParsedText Assemble(List<PageLines> pages, string? title, Dictionary<string, string> metadata)
    {
        // Paragraphs with the page they start on.
        var paragraphs = new List<(int Page, StringBuilder Text)>();
        foreach (var page in pages)
        {
            foreach (var block in page.Blocks)
            {
                var gaps = block.Lines.Zip(block.Lines.Skip(1), (a, b) => a.Bottom - b.Top).Where(g => g > 0).OrderBy(g => g).ToList();
                double usual = gaps.Count > 0 ? gaps[gaps.Count / 2] : 0;
                StringBuilder? current = null;
                Line? previous = null;
                foreach (var line in block.Lines)
                {
                    bool wideGap = previous is not null && usual > 0 && previous.Bottom - line.Top > usual * 1.6 + 0.5;
                    if (current is null || wideGap)
                    {
                        // A paragraph cut by a column or page break: no final punctuation, and it goes on in lower case.
                        if (current is null && previous is null && paragraphs.Count > 0 && Continues(paragraphs[^1].Text, line.Text))
                            current = paragraphs[^1].Text;
                        else
                        {
                            current = new StringBuilder();
                            paragraphs.Add((page.Number, current));
                        }
                        if (current.Length > 0) AppendLine(current, line.Text);
                        else current.Append(line.Text);
                    }
                    else AppendLine(current, line.Text);
                    previous = line;
                }
            }
        }

        var texts = paragraphs.Select(p => (p.Page, Text: p.Text.ToString())).Where(p => p.Text.Length > 0).ToList();
        // No title property: a short first line without final punctuation, followed by more text, is the title (as in .txt).
        if (title is null && texts.Count > 1 && texts[0].Text.Length <= 120 && !".!?:;,".Contains(texts[0].Text[^1], StringComparison.Ordinal))
        {
            title = texts[0].Text;
            texts.RemoveAt(0);
        }
        var sb = new StringBuilder();
        var list = new List<Paragraph>();
        var pageStarts = new List<string>();
        int lastPage = 0;
        foreach (var (page, text) in texts)
        {
            if (sb.Length > 0) sb.Append("\n\n");
            list.Add(new Paragraph(list.Count + 1, sb.Length, sb.Length + text.Length));
            sb.Append(text);
            if (page != lastPage) pageStarts.Add(string.Create(CultureInfo.InvariantCulture, $"{page}:{list.Count}"));
            lastPage = page;
        }
        if (pageStarts.Count > 0) metadata["pages"] = string.Join(",", pageStarts);
        return new ParsedText(sb.ToString(), list, title, metadata);
    }

    private static bool Continues(StringBuilder paragraph, string next) =>
        paragraph.Length > 0 && !".!?:;\"”’)]".Contains(paragraph[^1], StringComparison.Ordinal) && next.Length > 0 && char.IsLower(next[0]);

    /// <summary>Appends a line: "inspec-" + "tion" gives "inspection"; other lines join with a space.</summary>
    private static void AppendLine(StringBuilder sb, string line)
    {
        if (sb.Length >= 2 && sb[^1] is '-' or '\u00AD' && char.IsLetter(sb[^2]) && line.Length > 0 && char.IsLower(line[0]))
        {
            sb.Length--;
            sb.Append(line);
            return;
        }
        if (sb.Length > 0 && sb[^1] == '\u00AD') sb.Length--;
        sb.Append(' ').Append(line);
    }
}
