using System.Text.RegularExpressions;

namespace Bot.Core.Text;

/// <summary>
/// Splits text into words with offsets. Normalisation (case, curly vs straight apostrophes, possessives,
/// British/American spellings) only affects the keys used for matching, never the text that is quoted.
/// </summary>
public static partial class WordTokenizer
{
    // Letters with inner apostrophes/hyphens ("Russia’s", "U.S.-backed"), or numbers with separators ("3.5", "1,000").
    [GeneratedRegex(@"\p{N}+(?:[.,:]\p{N}+)*(?:st|nd|rd|th|s)?|[\p{L}\p{M}]+(?:['’][\p{L}]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex WordRegex();

    public static List<WordToken> Tokenize(string text, int offset = 0, int length = -1)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (length < 0) length = text.Length - offset;
        var tokens = new List<WordToken>();
        foreach (var m in WordRegex().EnumerateMatches(text.AsSpan(offset, length)))
        {
            var surface = text.Substring(offset + m.Index, m.Length);
            var normal = Normalize(surface);
            if (normal.Length == 0) continue;
            tokens.Add(new WordToken(surface, offset + m.Index, offset + m.Index + m.Length, normal, StemOf(normal)));
        }
        return tokens;
    }

    /// <summary>Lower-cases, folds apostrophes and drops a possessive "'s".</summary>
    public static string Normalize(string surface)
    {
        ArgumentNullException.ThrowIfNull(surface);
        var s = surface.ToLowerInvariant().Replace('’', '\'').Replace('‘', '\'');
        if (s.EndsWith("'s", StringComparison.Ordinal)) s = s[..^2];
        else if (s.EndsWith('\'')) s = s[..^1];
        return s.Replace("'", "", StringComparison.Ordinal);
    }

    /// <summary>The matching key: spelling-folded Porter stem. Numbers are kept whole.</summary>
    public static string StemOf(string normal)
    {
        ArgumentNullException.ThrowIfNull(normal);
        if (normal.Length == 0 || char.IsDigit(normal[0])) return normal.Replace(",", "", StringComparison.Ordinal);
        return PorterStemmer.Stem(SpellingVariants.ToAmerican(normal));
    }
}
