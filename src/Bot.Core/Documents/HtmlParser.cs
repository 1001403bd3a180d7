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

        // The article: SmartReader's (a port of Mozilla's Readability) when it finds one; else <article>, <main> or <body>
        // with navigation, headers, footers and the like removed.
        using var article = ReadableArticle(html);
        AngleSharp.Dom.IElement? root = article?.Body;
        if (root is null)
        {
            root = doc.QuerySelector("article") ?? doc.QuerySelector("main") ?? doc.Body ?? doc.DocumentElement;
            foreach (var junk in root.QuerySelectorAll("script, style, nav, header, footer, aside, noscript, form, figure").ToList())
                junk.Remove();
        }

        var sb = new StringBuilder();
        var paragraphs = new List<Paragraph>();
        foreach (var el in root.QuerySelectorAll(Blocks))
        {
            if (el.QuerySelector(Blocks) is not null) continue; // containers: their children are paragraphs
            var t = Collapse(el.TextContent);
            if (t.Length == 0 || IsLinkList(el, t)) continue;
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

    // Paragraph-like elements; sub-headings are paragraphs too (the benchmark's ground truth keeps them), the <h1> is the title.
    private const string Blocks = "p, li, blockquote, pre, dd, td, h2, h3, h4, h5, h6";

    /// <summary>
    /// A short item that is all link text ("Home", "Sign In", "Sports" in a menu that survived extraction) is navigation,
    /// not article text.
    /// </summary>
    private static bool IsLinkList(AngleSharp.Dom.IElement el, string text)
    {
        if (text.Count(c => c == ' ') >= 8) return false;
        var links = el.QuerySelectorAll("a").Sum(a => Collapse(a.TextContent).Length);
        return links >= text.Length * 0.8;
    }

    /// <summary>The page's main content as SmartReader extracts it, as a parsed document; null when it finds no article.</summary>
    private static AngleSharp.Html.Dom.IHtmlDocument? ReadableArticle(string html)
    {
        SmartReader.Article article;
        try
        {
            // The URL only resolves relative links in the content; nothing is fetched.
            article = new SmartReader.Reader("https://localhost/", html).GetArticle();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NullReferenceException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
        if (!article.IsReadable || string.IsNullOrWhiteSpace(article.Content)) return null;
        return Parser.ParseDocument("<!doctype html><html><body>" + article.Content + "</body></html>");
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
