using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Bot.Core.Documents;

/// <summary>
/// .html: title from og:title, &lt;title&gt; or the first &lt;h1&gt;; article text from &lt;article&gt;, &lt;main&gt; or &lt;body&gt;
/// paragraphs. Offsets index the extracted text (paragraphs separated by blank lines), not the markup.
/// </summary>
internal static class HtmlParser
{
    private static readonly AngleSharp.Html.Parser.HtmlParser Parser = new();

    public static ParsedText Parse(string html)
    {
        using var doc = Parser.ParseDocument(html);
        var metadata = HtmlMetadata.Read(doc);
        var title = doc.QuerySelector("meta[property='og:title'], meta[name='og:title']")?.GetAttribute("content") ?? doc.Title ?? doc.QuerySelector("h1")?.TextContent;

        var root = doc.QuerySelector("article") ?? doc.QuerySelector("main") ?? doc.Body ?? doc.DocumentElement;
        foreach (var junk in root.QuerySelectorAll("script, style, nav, header, footer, aside, noscript, form, figure").ToList())
            junk.Remove();

        var sb = new StringBuilder();
        var paragraphs = new List<Paragraph>();
        foreach (var el in root.QuerySelectorAll("p, li, blockquote, pre, dd, td"))
        {
            if (el.QuerySelector("p, li, blockquote") is not null) continue; // containers: their children are paragraphs
            var t = Collapse(el.TextContent);
            if (t.Length == 0) continue;
            if (sb.Length > 0) sb.Append("\n\n");
            int start = sb.Length;
            sb.Append(t);
            paragraphs.Add(new Paragraph(paragraphs.Count + 1, start, sb.Length));
        }
        if (paragraphs.Count == 0 && root.TextContent is { } all && Collapse(all).Length > 0)
        {
            sb.Append(Collapse(all));
            paragraphs.Add(new Paragraph(1, 0, sb.Length));
        }
        return new ParsedText(sb.ToString(), paragraphs, string.IsNullOrWhiteSpace(title) ? null : Collapse(title), metadata);
    }

    /// <summary>Whitespace runs as one space, trimmed.</summary>
    internal static string Collapse(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool space = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c)) { space = sb.Length > 0; continue; }
            if (space) { sb.Append(' '); space = false; }
            sb.Append(c);
        }
        return sb.ToString();
    }
}
