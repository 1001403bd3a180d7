using System.Globalization;
using System.Text.Json;

namespace Bot.Core.Documents;

/// <summary>
/// What a citation says about a document besides its title and path: who published it (<see cref="Source"/>), when
/// (<see cref="Date"/>, "yyyy-MM-dd" when the source gave a readable date), its author, and for a PDF the page each
/// paragraph starts on. Read from the document's metadata, as the index stores it.
/// </summary>
public sealed record DocumentCitation(string? Source, string? Date, string? Author, string? Pages)
{
    public static readonly DocumentCitation None = new(null, null, null, null);

    /// <summary>PDF pages without a text layer ("2,5"): scanned pages, not indexed (there is no OCR).</summary>
    public string? PagesWithoutText { get; init; }

    public static DocumentCitation From(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        string? Get(string key) => metadata.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        return new DocumentCitation(Get("source"), Get("date"), Get("author"), Get("pages")) { PagesWithoutText = Get("pages_without_text") };
    }

    /// <summary>From the metadata JSON the index stores (an object of strings); <see cref="None"/> when it is unreadable.</summary>
    public static DocumentCitation FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json) || json == "{}") return None;
        try
        {
            var map = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
            return map is null ? None : From(new Dictionary<string, string>(map, StringComparer.OrdinalIgnoreCase));
        }
        catch (JsonException)
        {
            return None;
        }
    }

    /// <summary>The page paragraph <paramref name="paragraph"/> starts on (PDF only; null otherwise).</summary>
    public int? PageOf(int paragraph)
    {
        if (string.IsNullOrEmpty(Pages)) return null;
        int? found = null;
        foreach (var part in Pages.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0
                || !int.TryParse(part.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var page)
                || !int.TryParse(part.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var first)) return found;
            if (first > paragraph) break;
            found = page;
        }
        return found;
    }

    /// <summary>
    /// "yyyy-MM-dd" for a date that reads as one ("2025-07-04T09:30:00+01:00", "July 4, 2025", "4 July 2025"), in the
    /// time zone it was given in; anything else as it is.
    /// </summary>
    public static string NormalizeDate(string date)
    {
        ArgumentNullException.ThrowIfNull(date);
        var d = date.Trim();
        return DateTimeOffset.TryParse(d, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out var parsed)
            && parsed.Year is > 1800 and < 2200
            ? parsed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : d;
    }

    /// <summary>"4 July 2025" for a "yyyy-MM-dd" date; any other date as given; null without one.</summary>
    public string? DisplayDate => Date is null ? null
        : DateOnly.TryParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)
            : Date;

    /// <summary>
    /// "Title — Source, 4 July 2025, p. 3, ¶7": the parts that are known, in that order (the title and paragraph always).
    /// </summary>
    public string Format(string title, int paragraph, int? page)
    {
        var parts = new List<string>();
        if (Source is not null) parts.Add(Source);
        if (DisplayDate is { } date) parts.Add(date);
        if (page is { } p) parts.Add(string.Create(CultureInfo.InvariantCulture, $"p. {p}"));
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"¶{paragraph}"));
        return Source is null && DisplayDate is null ? $"{title} {string.Join(", ", parts)}" : $"{title} — {string.Join(", ", parts)}";
    }
}
