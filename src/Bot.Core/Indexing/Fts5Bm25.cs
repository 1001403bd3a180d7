using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Bot.Core.Text;
using Microsoft.Data.Sqlite;

namespace Bot.Core.Indexing;

/// <summary>
/// FTS5's own <c>bm25()</c> (k1 = 1.2, b = 0.75, idf = ln((N − n + ½) / (n + ½)), at least 10⁻⁶; a row's length is its
/// tokens over all columns) computed here for the terms left out of a MATCH, from FTS5's own statistics read through
/// SQL: the totals record (rows and tokens, <c>{table}_data</c> id 1), each row's token count (<c>{table}_docsize</c>)
/// and each term's row count (an fts5vocab table). A term's occurrences in a row are counted with a copy of the
/// tokenizer (<c>unicode61 remove_diacritics 2</c>, then Porter): for the rows it scores, the sum equals what FTS5
/// would have returned had the term been in the MATCH.
/// </summary>
internal static class Fts5Bm25
{
    private const double K1 = 1.2, B = 0.75;

    /// <summary>The table's row count and its tokens over all columns (0, 0 for an empty table).</summary>
    public static async Task<(long Rows, long Tokens)> TotalsAsync(Func<string, SqliteCommand> command, string table, CancellationToken ct)
    {
        await using var cmd = command($"SELECT block FROM {table}_data WHERE id = 1");
        if (await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is not byte[] block) return (0, 0);
        int i = 0;
        long rows = ReadVarint(block, ref i), tokens = 0;
        while (i < block.Length) tokens += ReadVarint(block, ref i);
        return (rows, tokens);
    }

    /// <summary>Each row's tokens over all columns (its <c>{table}_docsize</c> record: one varint per column).</summary>
    public static async Task<Dictionary<long, long>> RowTokensAsync(Func<string, SqliteCommand> command, string table, int columns,
        IEnumerable<long> rowIds, CancellationToken ct)
    {
        var result = new Dictionary<long, long>();
        await using var cmd = command($"SELECT id, sz FROM {table}_docsize WHERE id IN ({string.Join(",", rowIds)})");
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            var sz = (byte[])r.GetValue(1);
            int i = 0;
            long sum = 0;
            for (int c = 0; c < columns && i < sz.Length; c++) sum += ReadVarint(sz, ref i);
            result[r.GetInt64(0)] = sum;
        }
        return result;
    }

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
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            if (IsTokenChar(c))
            {
                sb.Append(c);
                continue;
            }
            if (sb.Length > 0) terms.Add(Term(Take(sb)));
        }
        if (sb.Length > 0) terms.Add(Term(Take(sb)));
        return terms;
    }

    private static string Take(StringBuilder sb)
    {
        var token = sb.ToString();
        sb.Clear();
        return token;
    }

    private static bool IsTokenChar(char c) =>
        char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is UnicodeCategory.PrivateUse or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    // Token → term, shared by every writer of the process (an index's vocabulary repeats across batches); cleared when full.
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);
    private const int CacheLimit = 1 << 20;

    /// <summary>
    /// As <see cref="Terms(string)"/>, each token looked up in a process-wide cache of its term first (by span: a token
    /// seen before allocates nothing). For indexing, where the same words come back in every batch.
    /// </summary>
    public static void CachedTerms(string text, Action<string> term)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(term);
        var lookup = Cache.GetAlternateLookup<ReadOnlySpan<char>>();
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && IsTokenChar(text[i]))
            {
                if (start < 0) start = i;
                continue;
            }
            if (start < 0) continue;
            var span = text.AsSpan(start, i - start);
            start = -1;
            if (lookup.TryGetValue(span, out var known)) { term(known); continue; }
            var token = span.ToString();
            var computed = Term(token);
            if (Cache.Count >= CacheLimit) Cache.Clear();
            Cache.TryAdd(token, computed);
            term(computed);
        }
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

    /// <summary>SQLite's varint: 7 bits a byte, high bit set when another follows; a ninth byte carries 8 bits.</summary>
    internal static long ReadVarint(byte[] p, ref int i)
    {
        long v = 0;
        for (int n = 0; n < 8 && i < p.Length; n++)
        {
            byte b = p[i++];
            v = (v << 7) | (long)(b & 0x7f);
            if ((b & 0x80) == 0) return v;
        }
        if (i < p.Length) v = (v << 8) | p[i++];
        return v;
    }
}
