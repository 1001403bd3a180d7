using System.Collections.Concurrent;
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

    /// <summary>Words seen at most this many distinct surfaces are remembered (surface, normal form, stem); then no more are added.</summary>
    internal const int MaxRemembered = 100_000;

    // Normalising and stemming are pure functions of the surface: a question's candidate sentences repeat most of their
    // words across questions, so each surface is normalised and stemmed once per process (its strings shared).
    private static readonly ConcurrentDictionary<string, (string Surface, string Normal, string Stem)> Known = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, (string Surface, string Normal, string Stem)>.AlternateLookup<ReadOnlySpan<char>> KnownBySpan =
        Known.GetAlternateLookup<ReadOnlySpan<char>>();
    private static int _remembered;

    public static List<WordToken> Tokenize(string text, int offset = 0, int length = -1)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (length < 0) length = text.Length - offset;
        var tokens = new List<WordToken>(length / 6 + 4);
        foreach (var m in WordRegex().EnumerateMatches(text.AsSpan(offset, length)))
        {
            var span = text.AsSpan(offset + m.Index, m.Length);
            if (!KnownBySpan.TryGetValue(span, out var word))
            {
                var surface = span.ToString();
                var normal = Normalize(surface);
                word = (surface, normal, normal.Length == 0 ? "" : StemOf(normal));
                // ConcurrentDictionary.Count takes every lock: the adds are counted here instead.
                if (Volatile.Read(ref _remembered) < MaxRemembered && Known.TryAdd(surface, word)) Interlocked.Increment(ref _remembered);
            }
            if (word.Normal.Length == 0) continue;
            tokens.Add(new WordToken(word.Surface, offset + m.Index, offset + m.Index + m.Length, word.Normal, word.Stem));
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
