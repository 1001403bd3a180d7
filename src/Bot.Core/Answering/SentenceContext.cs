using Bot.Core.Indexing;
using Bot.Core.Questions;
using Bot.Core.Text;

namespace Bot.Core.Answering;

/// <summary>
/// Reads a sentence with its antecedent: a sentence whose subject is a pronoun ("He said…"), a role ("The Speaker…",
/// "The 67-year-old killer…") or an unattributed quotation continues the sentence before it in its paragraph, so the
/// names that sentence holds are the sentence's own for matching ("How old is McArthur?" → "The 67-year-old killer…").
/// </summary>
internal static class SentenceContext
{
    private static readonly HashSet<string> Pronouns = new(StringComparer.Ordinal)
    {
        "He", "She", "They", "It", "His", "Her", "Their", "Its", "This", "These", "That", "Those", "We", "I", "Our", "Such",
    };

    private static readonly HashSet<string> SaidVerbs = new(StringComparer.Ordinal) { "said", "says", "added", "explained", "told", "stated", "noted" };

    private static readonly HashSet<string> Subjects = new(StringComparer.Ordinal) { "he", "she", "they", "it", "we" };

    /// <summary>Whether the sentence names its subject only by pronoun, role or an unattributed quotation.</summary>
    public static bool LeansOnAntecedent(string text, List<WordToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count == 0) return false;
        var first = tokens[0].Surface;
        if (Pronouns.Contains(first)) return true;
        if (first is "The" && tokens.Count > 1) return true;
        var opening = text.TrimStart();
        if (opening.Length > 0 && opening[0] is '"' or '“' or '\'' or '‘')
            return !AttributedToName(tokens);
        // "…, he said." / "said he": attributed to a pronoun.
        for (int i = 1; i < tokens.Count; i++)
            if (SaidVerbs.Contains(tokens[i].Surface) && (Subjects.Contains(tokens[i - 1].Normal) || (i + 1 < tokens.Count && Subjects.Contains(tokens[i + 1].Normal))))
                return true;
        return false;
    }

    // "…", Kidston said. / said Bolden: the quotation names its speaker itself.
    private static bool AttributedToName(List<WordToken> tokens)
    {
        for (int i = 1; i < tokens.Count; i++)
        {
            if (!SaidVerbs.Contains(tokens[i].Surface)) continue;
            if (tokens[i - 1].IsCapitalized || (i + 1 < tokens.Count && tokens[i + 1].IsCapitalized)) return true;
        }
        return false;
    }

    /// <summary>
    /// For each sentence that leans on its antecedent, the names (capitalised words that do not open a sentence) of
    /// the sentence before it in its paragraph — or of the one before that when that one leans too; null for the others.
    /// </summary>
    public static string?[] AntecedentNames(IReadOnlyList<SentenceRow> sentences, List<List<WordToken>> tokens)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentNullException.ThrowIfNull(tokens);
        var index = new Dictionary<(long, int), int>();
        for (int i = 0; i < sentences.Count; i++) index[(sentences[i].DocumentId, sentences[i].Ordinal)] = i;
        var result = new string?[sentences.Count];
        for (int i = 0; i < sentences.Count; i++)
        {
            var s = sentences[i];
            if (!LeansOnAntecedent(s.Text, tokens[i])) continue;
            var names = new List<string>();
            for (int back = 1; back <= 2; back++)
            {
                if (!index.TryGetValue((s.DocumentId, s.Ordinal - back), out var k) || sentences[k].Paragraph != s.Paragraph) break;
                names.InsertRange(0, tokens[k].Skip(1).Where(t => t.IsCapitalized && !Pronouns.Contains(t.Surface)).Select(t => t.Surface));
                if (!LeansOnAntecedent(sentences[k].Text, tokens[k])) break;
            }
            if (names.Count > 0) result[i] = string.Join(" ", names.Distinct(StringComparer.Ordinal));
        }
        return result;
    }

    /// <summary>
    /// Lifts each leaning sentence's match of the question's name terms (capitalised in the question) to what its
    /// antecedent — the sentence before it in the paragraph, or the one before that when that one leans too — matches.
    /// </summary>
    public static void Apply(IReadOnlyList<QueryTerm> terms, IReadOnlyList<SentenceRow> sentences, List<List<WordToken>> tokens, List<double[]> match)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(sentences);
        var names = Enumerable.Range(0, terms.Count).Where(j => terms[j].Surface.Length > 0 && char.IsUpper(terms[j].Surface[0])).ToArray();
        if (names.Length == 0) return;
        var index = new Dictionary<(long, int), int>();
        for (int i = 0; i < sentences.Count; i++) index[(sentences[i].DocumentId, sentences[i].Ordinal)] = i;
        var original = match.Select(m => (double[])m.Clone()).ToList();
        for (int i = 0; i < sentences.Count; i++)
        {
            var s = sentences[i];
            if (!LeansOnAntecedent(s.Text, tokens[i])) continue;
            for (int back = 1; back <= 2; back++)
            {
                if (!index.TryGetValue((s.DocumentId, s.Ordinal - back), out var k) || sentences[k].Paragraph != s.Paragraph) break;
                foreach (var j in names) match[i][j] = Math.Max(match[i][j], original[k][j]);
                if (!LeansOnAntecedent(sentences[k].Text, tokens[k])) break;
            }
        }
    }
}
