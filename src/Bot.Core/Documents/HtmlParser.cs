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
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? Meta(string name) => doc.QuerySelector($"meta[property='{name}'], meta[name='{name}']")?.GetAttribute("content");

        var title = Meta("og:title") ?? doc.Title ?? doc.QuerySelector("h1")?.TextContent;
        var url = Meta("og:url") ?? doc.QuerySelector("link[rel='canonical']")?.GetAttribute("href");
        if (!string.IsNullOrWhiteSpace(url)) metadata["url"] = url.Trim();
        var date = Meta("article:published_time") ?? Meta("date");
        if (!string.IsNullOrWhiteSpace(date)) metadata["date"] = date.Trim();
        var source = Meta("og:site_name");
        if (!string.IsNullOrWhiteSpace(source)) metadata["source"] = source.Trim();

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
