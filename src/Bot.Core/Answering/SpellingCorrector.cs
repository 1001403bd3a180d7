using System.Text;
using Bot.Core.Indexing;
using Bot.Core.Text;

namespace Bot.Core.Answering;

/// <summary>
/// "When did Russia delist the Talibn?" finds nothing: no sentence holds "Talibn". A question the answerer could not
/// answer is tried once more with each word the corpus does not know replaced by the corpus word one edit away (a
/// letter inserted, deleted, changed or two swapped, never the first; two edits for stems of eight letters or more)
/// that most sentences hold, written as the corpus writes it. Only words of four letters or more that are not English words
/// (not among GloVe's 50,000) are corrected, and only to a word the corpus holds, so a question about something the
/// sources never mention still finds nothing.
/// </summary>
internal static class SpellingCorrector
{
    /// <summary>The question with its misspelt words replaced, and what was replaced by what; null when nothing was.</summary>
    public static async Task<(string Question, IReadOnlyList<(string Misspelt, string Corrected)> Corrections)?> CorrectAsync(
        IIndexReader reader, string question, CancellationToken cancellationToken)
    {
        var words = Candidates(question).Select(t => (Token: t, Stem: PorterStemmer.Stem(t.Normal))).ToList();
        if (words.Count == 0) return null;
        // The index keys words by the plain Porter stem of their normal form (the answerer's own stems also fold
        // British spellings), so that is what is looked up and compared here.
        var (frequencies, _) = await reader.GetSentenceFrequenciesAsync(words.Select(w => w.Stem).Distinct(StringComparer.Ordinal).ToList(), cancellationToken).ConfigureAwait(false);
        var unknown = words.Where(w => frequencies.GetValueOrDefault(w.Stem) == 0).ToList();
        if (unknown.Count == 0) return null;

        var fixes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var group in unknown.GroupBy(w => w.Stem[0]))
        {
            // Only stems with the same first letter can be the correction: ask the index for those alone.
            var stems = await reader.ListStemsAsync(group.Key.ToString(), Math.Max(1, group.Min(w => w.Stem.Length) - 2), group.Max(w => w.Stem.Length) + 2, cancellationToken).ConfigureAwait(false);
            foreach (var stem in group.Select(w => w.Stem).Distinct(StringComparer.Ordinal))
                fixes[stem] = Closest(stem, stems) is { } closest ? await SurfaceAsync(reader, closest, cancellationToken).ConfigureAwait(false) : null;
        }

        var text = new StringBuilder(question);
        var corrections = new List<(string, string)>();
        // From the end, so the offsets of the words still to replace stay valid.
        foreach (var (token, stem) in unknown.OrderByDescending(w => w.Token.Start))
        {
            if (fixes[stem] is not { } surface) continue;
            text.Remove(token.Start, token.End - token.Start).Insert(token.Start, surface);
            if (!corrections.Contains((token.Surface, surface))) corrections.Insert(0, (token.Surface, surface));
        }

        return corrections.Count == 0 ? null : (text.ToString(), corrections);
    }

    /// <summary>
    /// The words of <paramref name="question"/> that may be misspelt: four letters or more, not a stop word and not an
    /// English word (one of GloVe's 50,000 commonest) — "fought" is what the user meant even when the sources lack it,
    /// and must not become "sought". Contractions ("wasn't"), acronyms ("MSPs", too short to tell from "MEPs") and
    /// accented words (the SQLite index folds accents, the stems here do not) are left as typed.
    /// </summary>
    public static IEnumerable<WordToken> Candidates(string question)
    {
        var english = WordVectors.Default;
        return WordTokenizer.Tokenize(question)
            .Where(t => t.Normal.Length >= 4 && t.Surface.All(char.IsAsciiLetter) && t.Surface.Count(char.IsUpper) <= 1
                && !StopWords.Contains(t.Normal) && english.IndexOf(t.Normal) < 0);
    }

    /// <summary>The corpus stem nearest to <paramref name="stem"/> within its edit budget, the commonest on a tie; null when none is.</summary>
    public static string? Closest(string stem, IReadOnlyList<(string Stem, int Sentences)> vocabulary)
    {
        ArgumentNullException.ThrowIfNull(stem);
        ArgumentNullException.ThrowIfNull(vocabulary);
        int budget = stem.Length >= 8 ? 2 : 1;
        (string Stem, int Distance, int Sentences)? best = null;
        foreach (var (candidate, sentences) in vocabulary)
        {
            // The same first letter: typos rarely hit it, and "unestablished" must not become "establish".
            if (sentences <= 0 || Math.Abs(candidate.Length - stem.Length) > budget || candidate == stem || candidate.Length == 0 || candidate[0] != stem[0]) continue;
            int d = Distance(stem, candidate, budget);
            if (d > budget) continue;
            if (best is not { } b || d < b.Distance || (d == b.Distance && (sentences > b.Sentences || (sentences == b.Sentences && string.CompareOrdinal(candidate, b.Stem) < 0))))
                best = (candidate, d, sentences);
        }

        return best?.Stem;
    }

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent swaps), or more than <paramref name="limit"/> once it must be.</summary>
    public static int Distance(string a, string b, int limit)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int d = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = Math.Min(d, previous2[j - 2] + 1);
                current[j] = d;
                rowMin = Math.Min(rowMin, d);
            }

            if (rowMin > limit) return limit + 1;
            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }

    /// <summary>
    /// How the corpus writes a word with this stem, or null: its commonest spelling in a few sentences that hold it,
    /// without a possessive where there is one ("Russia" rather than "Russia’s"), the shorter on a tie.
    /// </summary>
    private static async Task<string?> SurfaceAsync(IIndexReader reader, string stem, CancellationToken cancellationToken)
    {
        // The search stems its terms again (Porter is not always idempotent, PostgreSQL uses Snowball): when that misses
        // the word, the correction is skipped, never made wrong.
        var hits = await reader.SearchSentencesAsync([stem], 5, cancellationToken).ConfigureAwait(false);
        return hits.SelectMany(h => WordTokenizer.Tokenize(h.Sentence.Text)).Where(t => PorterStemmer.Stem(t.Normal) == stem)
            .GroupBy(t => t.Surface, StringComparer.Ordinal)
            .OrderBy(g => g.Key.Contains('’', StringComparison.Ordinal) || g.Key.Contains('\'', StringComparison.Ordinal))
            .ThenByDescending(g => g.Count()).ThenBy(g => g.Key.Length).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).FirstOrDefault();
    }
}
