using System.Buffers;
using System.Runtime.CompilerServices;

namespace Bot.Core.Text;

/// <summary>
/// Rule-based sentence boundary detection that survives abbreviations ("U.S. troops", "Mr.", "No. 7"),
/// decimals ("3.5"), initials ("J. R. R. Tolkien") and closing quotes (“… terrorism.” He).
/// </summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "no", "nos", "vs", "etc", "e.g", "i.e", "cf", "al",
        "inc", "ltd", "co", "corp", "bros", "gen", "gov", "sen", "rep", "col", "lt", "capt", "cmdr", "sgt", "adm", "maj",
        "rev", "hon", "pres", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig",
        "figs", "vol", "vols", "ch", "p", "pp", "ed", "eds", "approx", "est", "dept", "univ", "assn", "ave", "blvd", "rd",
        "c", "ca", "op", "viz", "u.s", "u.k", "u.n", "e.u", "u.s.s.r", "a.d", "b.c", "a.m", "p.m",
    };

    // After these abbreviations a capitalised word usually starts a new sentence only if it is a common opener.
    private static readonly HashSet<string> Openers = new(StringComparer.Ordinal)
    {
        "The", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I", "In", "On", "At", "But", "However",
        "And", "A", "An", "His", "Her", "Their", "Its", "There", "After", "Before", "When", "While", "Since", "Despite",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> AbbreviationLookup = Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> OpenerLookup = Openers.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly SearchValues<char> Enders = SearchValues.Create(".!?…\n");

    private const string ClosingMarks = "\"'”’)]»";

    /// <summary>Sentences of text[start..end), trimmed of surrounding whitespace.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<TextSpan> Split(string text, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<TextSpan>();
        int sentenceStart = start;
        int i = start;
        while (i < end)
        {
            // Only these characters can end a sentence: the text between them is skipped in one vectorized search.
            int skip = text.AsSpan(i, end - i).IndexOfAny(Enders);
            if (skip < 0) break;
            i += skip;
            char c = text[i];
            if (c is '.' or '!' or '?' or '…')
            {
                int j = i + 1;
                while (j < end && (text[j] is '.' or '!' or '?' or '…')) j++;
                while (j < end && ClosingMarks.Contains(text[j], StringComparison.Ordinal)) j++;
                if (j >= end) break;
                if (char.IsWhiteSpace(text[j]) && IsBoundary(text, i, j, end))
                {
                    Add(result, text, sentenceStart, j);
                    sentenceStart = j;
                }
                i = j;
                continue;
            }
            if (c == '\n')
            {
                // A blank line always ends a sentence (headings, list items without final punctuation).
                int j = i + 1;
                while (j < end && text[j] is ' ' or '\t' or '\r') j++;
                if (j < end && text[j] == '\n')
                {
                    Add(result, text, sentenceStart, i);
                    sentenceStart = j;
                }
            }
            i++;
        }
        Add(result, text, sentenceStart, end);
        return result;
    }

    private static bool IsBoundary(string text, int punct, int afterMarks, int end)
    {
        int next = afterMarks;
        while (next < end && char.IsWhiteSpace(text[next])) next++;
        if (next >= end) return false;
        char n = text[next];
        bool startsLikeSentence = char.IsUpper(n) || char.IsDigit(n) || "\"“‘'([¿¡–—-".Contains(n, StringComparison.Ordinal);
        if (!startsLikeSentence) return false;
        if (text[punct] != '.') return true;

        // The word right before the period.
        int w = punct;
        while (w > 0 && (char.IsLetterOrDigit(text[w - 1]) || text[w - 1] == '.')) w--;
        // Spans, not strings: this runs at almost every sentence end of an index.
        var word = text.AsSpan(w, punct - w);
        if (word.Length == 0) return true;
        var nextWord = ReadWord(text, next, end);

        if (word.Length == 1 && char.IsUpper(word[0])) return false; // initial: "J. Smith"
        if (word.Contains('.') && IsDotsAndCapitals(word))
            return OpenerLookup.Contains(nextWord); // "U.S. troops" vs "… in the U.S. The next day"
        if (AbbreviationLookup.Contains(word))
        {
            if (char.IsDigit(n)) return false; // "No. 7", "pp. 12"
            return word.Length > 2 && OpenerLookup.Contains(nextWord) && !IsTitle(word.ToString());
        }
        return true;
    }

    private static bool IsTitle(string word) => word.ToLowerInvariant() is "mr" or "mrs" or "ms" or "dr" or "prof" or "st" or "gen"
        or "gov" or "sen" or "rep" or "col" or "lt" or "capt" or "sgt" or "adm" or "maj" or "rev" or "hon" or "pres" or "mt" or "no";

    private static ReadOnlySpan<char> ReadWord(string text, int from, int end)
    {
        int e = from;
        while (e < end && char.IsLetter(text[e])) e++;
        return text.AsSpan(from, e - from);
    }

    private static bool IsDotsAndCapitals(ReadOnlySpan<char> word)
    {
        foreach (var ch in word)
            if (ch != '.' && !char.IsUpper(ch)) return false;
        return true;
    }

    private static void Add(List<TextSpan> result, string text, int s, int e)
    {
        while (s < e && char.IsWhiteSpace(text[s])) s++;
        while (e > s && char.IsWhiteSpace(text[e - 1])) e--;
        if (e > s) result.Add(new TextSpan(s, e));
    }
}
