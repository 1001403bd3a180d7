using System.Runtime.CompilerServices;

namespace Bot.Core.Chunking;

/// <summary>
/// The o200k_base pre-tokenizer's pieces of an all-ASCII text, found by hand instead of by its regular expression
/// (<c>[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|…|\s+</c>):
/// the same pieces, alternative by alternative in the regex's order with its backtracking worked out, for ASCII where
/// the letter classes are A–Z and a–z, the digits 0–9 and <c>\s</c> is space, tab, LF, VT, FF and CR. The regex (and an
/// enumerator allocated per text) was most of the cost of counting a 100k index's sentences. Texts with other
/// characters, or with "&lt;|" (a special token could start there), are the regex's: <see cref="Applies"/>.
/// </summary>
internal static class O200kAsciiPieces
{
    /// <summary>Whether <see cref="Next"/> gives the pre-tokenizer's pieces for this text.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Applies(ReadOnlySpan<char> text) => System.Text.Ascii.IsValid(text) && !text.Contains("<|", StringComparison.Ordinal);

    /// <summary>The piece starting at <paramref name="at"/> (moved to its end); false at the end of the text.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Next(ReadOnlySpan<char> text, ref int at, out int start)
    {
        start = at;
        int i = at, n = text.Length;
        if (i >= n) return false;
        char c = text[i];
        // 1 and 2: [^\r\n\p{L}\p{N}]? then upper* lower+ (1) or upper+ lower* (2), then a contraction. An optional
        // prefix is tried with the character, then without (a letter is never a prefix, so without means at a letter).
        if (IsPrefix(c) && i + 1 < n && IsLetter(text[i + 1]) && Letters(text, i + 1, out int end)) { at = end; return true; }
        if (IsLetter(c) && Letters(text, i, out end)) { at = end; return true; }
        // 3: \p{N}{1,3}
        if (IsDigit(c))
        {
            int e = i + 1;
            while (e < n && e < i + 3 && IsDigit(text[e])) e++;
            at = e;
            return true;
        }
        // 4: " ?[^\s\p{L}\p{N}]+[\r\n/]*"
        int o = c == ' ' && i + 1 < n && IsOther(text[i + 1]) ? i + 1 : i;
        if (o < n && IsOther(text[o]))
        {
            int e = o + 1;
            while (e < n && IsOther(text[e])) e++;
            while (e < n && text[e] is '\r' or '\n' or '/') e++;
            at = e;
            return true;
        }
        // Whitespace from here on: its run is [i, run).
        int run = i;
        while (run < n && IsSpace(text[run])) run++;
        // 5: \s*[\r\n]+ — up to and including the run's last CR or LF (the greedy \s* gives back until [\r\n]+ fits).
        for (int p = run - 1; p >= i; p--)
            if (text[p] is '\r' or '\n') { at = p + 1; return true; }
        // 6: \s+(?!\S) — the whole run at the end of the text, else the run but its last character.
        if (run == n || run - 1 > i) { at = run == n ? run : run - 1; return true; }
        // 7: \s+
        at = run;
        return true;
    }

    /// <summary>Alternatives 1 and 2 from a letter at <paramref name="i"/>: upper* lower+, else upper+ lower*; then a contraction.</summary>
    private static bool Letters(ReadOnlySpan<char> text, int i, out int end)
    {
        int n = text.Length, e = i;
        while (e < n && IsUpper(text[e])) e++;
        // Uppercase then lowercase letters; with none of the latter the first alternative fails and the second takes
        // the uppercase run (at least one letter: i is one). Either way the lowercase run follows.
        while (e < n && IsLower(text[e])) e++;
        end = Contraction(text, e);
        return true;
    }

    private static int Contraction(ReadOnlySpan<char> text, int e)
    {
        if (e + 1 >= text.Length || text[e] != '\'') return e;
        char a = (char)(text[e + 1] | 0x20);
        if (a is 's' or 't' or 'm' or 'd') return e + 2;
        if (e + 2 < text.Length)
        {
            char b = (char)(text[e + 2] | 0x20);
            if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return e + 3;
        }
        return e;
    }

    private static bool IsUpper(char c) => c is >= 'A' and <= 'Z';

    private static bool IsLower(char c) => c is >= 'a' and <= 'z';

    private static bool IsLetter(char c) => IsUpper(c) || IsLower(c);

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsSpace(char c) => c is ' ' or (>= '\t' and <= '\r');

    // [^\r\n\p{L}\p{N}]: anything but CR, LF, letters and digits (spaces and tabs included).
    private static bool IsPrefix(char c) => c is not ('\r' or '\n') && !IsLetter(c) && !IsDigit(c);

    // [^\s\p{L}\p{N}]
    private static bool IsOther(char c) => !IsSpace(c) && !IsLetter(c) && !IsDigit(c);
}
