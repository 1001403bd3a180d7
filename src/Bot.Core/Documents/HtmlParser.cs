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

        // Captions describe a picture, not the story: figure captions are dropped.
        foreach (var caption in root.QuerySelectorAll("figcaption").ToList())
            caption.Remove();

        var sb = new StringBuilder();
        var paragraphs = new List<Paragraph>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var boilerplate = BoilerplateTexts(doc);
        var texts = BlockTexts(root, loose: false).Where(t => !boilerplate.Contains(t)).ToList();
        // A page that does not mark its paragraphs up (text separated by <br> or empty <div>s) gives little in blocks:
        // its loose text runs are paragraphs too.
        if (texts.Sum(t => t.Length) < MinBlockText) texts = BlockTexts(root, loose: true).Where(t => !boilerplate.Contains(t)).ToList();
        foreach (var t in texts)
        {
            // A sentence-long paragraph already taken is a repeat (a gallery's caption per slide, a pull quote): it is
            // kept once. Short ones (table cells, list labels) may well repeat.
            if (t.Count(c => c == ' ') >= 10 && !seen.Add(t)) continue;
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

    /// <summary>
    /// The texts of the paragraphs under <paramref name="root"/> in document order: each innermost paragraph-like element
    /// (<see cref="Blocks"/>), and each run of text written loose in a container (text and inline elements between
    /// block children, as pages that separate paragraphs with &lt;br&gt; or empty &lt;div&gt;s write it) when the run is
    /// at least <see cref="MinLooseText"/> characters long.
    /// </summary>
    private static IEnumerable<string> BlockTexts(AngleSharp.Dom.IElement root, bool loose)
    {
        var run = new StringBuilder();
        foreach (var child in root.ChildNodes)
        {
            if (child is AngleSharp.Dom.IElement el && !IsInline(el))
            {
                if (Flush(run, loose) is { } text) yield return text;
                if (el.Matches(Blocks) && el.QuerySelector(Blocks) is null)
                {
                    var t = Collapse(el.TextContent);
                    if (t.Length > 0 && !IsLinkList(el, t)) yield return t;
                }
                else
                {
                    foreach (var t in BlockTexts(el, loose)) yield return t;
                }
            }
            else if (child is AngleSharp.Dom.IElement inline)
            {
                if (inline.QuerySelector(Blocks) is not null)
                {
                    if (Flush(run, loose) is { } text) yield return text;
                    foreach (var t in BlockTexts(inline, loose)) yield return t;
                }
                else if (inline.LocalName == "br")
                {
                    if (Flush(run, loose) is { } text) yield return text;
                }
                else run.Append(' ').Append(inline.TextContent);
            }
            else if (child.NodeType == AngleSharp.Dom.NodeType.Text)
            {
                run.Append(child.TextContent);
            }
        }
        if (Flush(run, loose) is { } last) yield return last;
    }

    private static string? Flush(StringBuilder run, bool loose)
    {
        var t = loose ? Collapse(run.ToString()) : "";
        run.Clear();
        return t.Length >= MinLooseText ? t : null;
    }

    /// <summary>Loose text shorter than this is a label, a date or a button, not a paragraph.</summary>
    private const int MinLooseText = 80;

    /// <summary>Paragraph elements holding less text than this do not hold the article: loose text is read too.</summary>
    private const int MinBlockText = 500;

    private static readonly HashSet<string> Inline = new(StringComparer.Ordinal)
    {
        "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q", "s",
        "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
    };

    private static bool IsInline(AngleSharp.Dom.IElement el) => Inline.Contains(el.LocalName);

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

    /// <summary>
    /// The paragraph texts of boxes that pages name as boilerplate (related links, newsletter and subscription boxes,
    /// share bars, promotions, author bios, captions): a box whose class or id holds one of <see cref="BoilerplateNames"/>
    /// as a word, holds under a quarter of the page's text and no article prose (so a wrapper of the story is never
    /// taken). The article is still found on the whole page; these texts are then left out of it.
    /// </summary>
    private static HashSet<string> BoilerplateTexts(IDocument doc)
    {
        var texts = new HashSet<string>(StringComparer.Ordinal);
        if (doc.Body is not { } body) return texts;
        var total = body.TextContent.Length;
        foreach (var el in body.QuerySelectorAll("[class], [id]"))
        {
            if (!IsBoilerplateName(el) || el.TextContent.Length * 4 >= total || HoldsProse(el)) continue;
            foreach (var t in BlockTexts(el, loose: true)) texts.Add(t);
            foreach (var b in el.QuerySelectorAll(Blocks)) texts.Add(Collapse(b.TextContent));
        }
        texts.Remove("");
        return texts;
    }

    /// <summary>Two or more long paragraphs are article prose (a box left open by broken markup can swallow the story).</summary>
    private static bool HoldsProse(AngleSharp.Dom.IElement el) =>
        el.QuerySelectorAll("p").Count(p => p.TextContent.Length >= 150) >= 2;

    private static readonly HashSet<string> BoilerplateNames = new(StringComparer.Ordinal)
    {
        "related", "recommended", "popular", "trending", "newsletter", "subscribe", "subscription", "signup", "promo",
        "promotion", "sponsored", "share", "sharing", "social", "bio", "author", "byline", "caption", "credit", "cookie",
        "cookies", "comments", "footer", "sidebar", "disclaimer", "copyright",
    };

    private static bool IsBoilerplateName(AngleSharp.Dom.IElement el)
    {
        var name = ((el.GetAttribute("class") ?? "") + " " + (el.Id ?? "")).ToLowerInvariant();
        foreach (var word in name.Split([' ', '-', '_'], StringSplitOptions.RemoveEmptyEntries))
            if (BoilerplateNames.Contains(word)) return true;
        return false;
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
