using System.Text.Json;
using AngleSharp.Dom;

namespace Bot.Core.Documents;

/// <summary>
/// A web page's citation metadata: url (the canonical link, else og:url), date (article:published_time, JSON-LD
/// datePublished, a &lt;time datetime&gt;, other date meta tags), source (og:site_name, JSON-LD publisher), author
/// (meta author, JSON-LD author, article:author when it is a name).
/// </summary>
internal static class HtmlMetadata
{
    public static Dictionary<string, string> Read(IDocument doc)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? Meta(string name) => doc.QuerySelector($"meta[property='{name}'], meta[name='{name}'], meta[itemprop='{name}']")?.GetAttribute("content") is { } v
            && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var ld = JsonLd(doc);

        var url = doc.QuerySelector("link[rel='canonical']")?.GetAttribute("href") ?? Meta("og:url");
        if (!string.IsNullOrWhiteSpace(url)) metadata["url"] = url.Trim();
        var date = Meta("article:published_time") ?? ld.Date ?? doc.QuerySelector("time[datetime]")?.GetAttribute("datetime")
            ?? Meta("datePublished") ?? Meta("date") ?? Meta("pubdate") ?? Meta("publish-date") ?? Meta("dc.date") ?? Meta("DC.date.issued");
        if (!string.IsNullOrWhiteSpace(date)) metadata["date"] = date.Trim();
        var source = Meta("og:site_name") ?? ld.Publisher ?? Meta("application-name");
        if (!string.IsNullOrWhiteSpace(source)) metadata["source"] = source.Trim();
        var author = Meta("author") ?? ld.Author ?? (Meta("article:author") is { } a && !a.Contains("://", StringComparison.Ordinal) ? a : null);
        if (!string.IsNullOrWhiteSpace(author)) metadata["author"] = author.Trim();
        return metadata;
    }

    private static (string? Date, string? Publisher, string? Author) JsonLd(IDocument doc)
    {
        string? date = null, publisher = null, author = null;
        foreach (var script in doc.QuerySelectorAll("script[type='application/ld+json']"))
        {
            try
            {
                using var json = JsonDocument.Parse(script.TextContent, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                Walk(json.RootElement, ref date, ref publisher, ref author, 0);
            }
            catch (JsonException)
            {
                // A page's broken JSON-LD is ignored: the other sources of metadata still apply.
            }
        }
        return (date, publisher, author);
    }

    private static void Walk(JsonElement e, ref string? date, ref string? publisher, ref string? author, int depth)
    {
        if (depth > 8) return;
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray()) Walk(item, ref date, ref publisher, ref author, depth + 1);
            return;
        }
        if (e.ValueKind != JsonValueKind.Object) return;
        if (date is null && e.TryGetProperty("datePublished", out var d) && d.ValueKind == JsonValueKind.String) date = d.GetString();
        if (publisher is null && e.TryGetProperty("publisher", out var p)) publisher = Name(p);
        if (author is null && e.TryGetProperty("author", out var a)) author = Name(a);
        if (e.TryGetProperty("@graph", out var graph)) Walk(graph, ref date, ref publisher, ref author, depth + 1);
    }

    private static string? Name(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Object when e.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String => n.GetString(),
        JsonValueKind.Array => e.EnumerateArray().Select(Name).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)),
        _ => null,
    };
}
