using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Bot.Core.Text;

namespace Bot.Core.Indexing;

/// <summary>
/// FTS5's own <c>bm25()</c> (k1 = 1.2, b = 0.75, idf = ln((N − n + ½) / (n + ½)), at least 10⁻⁶; a row's length is its
/// tokens over all columns) and a copy of the tokenizer the index had used until v7 (<c>unicode61 remove_diacritics
/// 2</c>, then Porter), which the bot's postings are built with: scores are those FTS5 would give over the same rows.
/// </summary>
internal static class Fts5Bm25
{
    private const double K1 = 1.2, B = 0.75;

    /// <summary>FTS5's idf of a term held by <paramref name="hits"/> of <paramref name="rows"/> rows.</summary>
    public static double Idf(long rows, long hits)
    {
        var idf = Math.Log((rows - hits + 0.5) / (hits + 0.5));
        return idf <= 0 ? 1e-6 : idf;
    }

    /// <summary>
    /// One term's share of the score: <paramref name="frequency"/> is its (column-weighted) count in the row. The
    /// operations in FTS5's order (idf × (num / denom)), so the sums are bit for bit FTS5's.
    /// </summary>
    public static double Score(double idf, double frequency, double rowTokens, double averageTokens) =>
        frequency <= 0 ? 0 : idf * (frequency * (K1 + 1) / (frequency + K1 * (1 - B + B * rowTokens / averageTokens)));

    /// <summary>
    /// The terms FTS5 stores for <paramref name="text"/>: runs of letters, digits and private-use characters (unicode61's
    /// token characters), lower-cased with diacritics removed, then Porter-stemmed (tokens of fewer than 3 or more than
    /// 64 characters are kept as they are, as FTS5's porter tokenizer does).
    /// </summary>
    public static List<string> Terms(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<string>();
        Tokens(text, (start, end) => terms.Add(Term(text[start..end])));
        return terms;
    }

    /// <summary>Each token of <paramref name="text"/> (a run of token characters) as its start and end.</summary>
    private static void Tokens(string text, Action<int, int> token)
    {
        int at = 0;
        while (NextToken(text, ref at, out int start)) token(start, at);
    }

    // ASCII letters and digits are token characters, the other ASCII characters are not; the rest asks Unicode.
    private static readonly bool[] AsciiTokenChars = [.. Enumerable.Range(0, 128).Select(c => char.IsAsciiLetterOrDigit((char)c))];

    /// <summary>FTS5's unicode61 token characters (ASCII from a table: most of what is tokenized, indexing or scoring hits).</summary>
    internal static bool IsTokenChar(char c) =>
        c < 128 ? AsciiTokenChars[c]
            : char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is UnicodeCategory.PrivateUse or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    // The same ASCII split for vectorized searches (initialized after the table above: fields initialize in order).
    private static readonly SearchValues<char> AsciiTokenSearch = SearchValues.Create(
        [.. Enumerable.Range(0, 128).Select(c => (char)c).Where(c => AsciiTokenChars[c])]);
    private static readonly SearchValues<char> AsciiOtherSearch = SearchValues.Create(
        [.. Enumerable.Range(0, 128).Select(c => (char)c).Where(c => !AsciiTokenChars[c])]);

    /// <summary>
    /// The next token of <paramref name="text"/> from <paramref name="at"/> (a maximal run of
    /// <see cref="IsTokenChar"/> characters): its start, and <paramref name="at"/> moved to its end; false when
    /// there is none. ASCII runs are skipped with vectorized searches; a non-ASCII character is asked one at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool NextToken(string text, ref int at, out int start)
    {
        int i = at;
        while (true)
        {
            int skip = text.AsSpan(i).IndexOfAnyExcept(AsciiOtherSearch);
            if (skip < 0)
            {
                at = text.Length;
                start = -1;
                return false;
            }
            i += skip;
            if (text[i] < 128 || IsTokenChar(text[i])) break;
            i++;
        }
        start = i++;
        while (true)
        {
            int run = text.AsSpan(i).IndexOfAnyExcept(AsciiTokenSearch);
            if (run < 0)
            {
                i = text.Length;
                break;
            }
            i += run;
            if (text[i] < 128 || !IsTokenChar(text[i])) break;
            i++;
        }
        at = i;
        return true;
    }

    // Token → term, shared by every writer of the process (an index's vocabulary repeats across batches); cleared when full.
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> CacheBySpan =
        Cache.GetAlternateLookup<ReadOnlySpan<char>>();
    private const int CacheLimit = 1 << 20;
    private static int _cached;

    /// <summary>
    /// As <see cref="Terms(string)"/>, each token looked up in a process-wide cache of its term first (by span: a token
    /// seen before allocates nothing). For indexing, where the same words come back in every batch.
    /// </summary>
    public static void CachedTerms(string text, Action<string> term)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(term);
        Tokens(text, (start, end) => term(CachedTerm(text.AsSpan(start, end - start))));
    }

    /// <summary>The term of one token (a run of token characters), through the process-wide cache.</summary>
    internal static string CachedTerm(ReadOnlySpan<char> token)
    {
        if (CacheBySpan.TryGetValue(token, out var known)) return known;
        var text = token.ToString();
        var computed = Term(text);
        // A counter, not Cache.Count (which takes every lock of the dictionary on each miss).
        if (Interlocked.Increment(ref _cached) > CacheLimit)
        {
            Cache.Clear();
            Interlocked.Exchange(ref _cached, 0);
        }
        Cache.TryAdd(text, computed);
        return computed;
    }

    /// <summary>FTS5's term for one token: folded, lower-cased, Porter-stemmed when 3 to 64 ASCII characters long.</summary>
    private static string Term(string token)
    {
        var term = !IsAscii(token) ? Fold(token) : token.ToLowerInvariant();
        return term.Length is < 3 or > 64 || !IsAscii(term) ? term : PorterStemmer.Stem(term);
    }

    private static bool IsAscii(string s)
    {
        foreach (var c in s) if (c > 127) return false;
        return true;
    }

    // Lower-case Latin letters with a canonical decomposition into an ASCII letter and combining marks, and that letter
    // (what remove_diacritics folds; written out because globalization-invariant mode has no Unicode normalisation).
    private const string Accented = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćĉċčďēĕėęěĝğġģĥĩīĭįĵķĺļľńņňōŏőŕŗřśŝşšţťũūŭůűųŵŷźżžơưǎǐǒǔǖǘǚǜǟǡǧǩǫǭǰǵǹǻȁȃȅȇȉȋȍȏȑȓȕȗșțȟȧȩȫȭȯȱȳ";
    private const string Plain = "aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeeegggghiiiijklllnnnooorrrssssttuuuuuuwyzzzouaiouuuuuaagkoojgnaaaeeiioorruusthaeooooy";

    private static string Fold(string token)
    {
        var chars = token.ToLowerInvariant().ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            int k = Accented.IndexOf(chars[i], StringComparison.Ordinal);
            if (k >= 0) chars[i] = Plain[k];
        }
        return new string(chars);
    }
}
