using Bot.Core.Indexing;
using Bot.Core.Questions;
using Bot.Core.Text;

namespace Bot.Core.Answering;

/// <summary>
/// Scores candidate sentences for a question: idf-weighted coverage of the question's terms (exact stem, related
/// form, or shared prefix), context from neighbouring sentences and the title, term proximity, answer-type match and
/// the rank of the passage that brought the sentence in.
/// </summary>
public sealed class SentenceScorer(ScoringWeights weights)
{
    // Stemming a related form for every token compared was the scorer's hot spot; the forms are a small fixed set.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> VariantStems = new(StringComparer.Ordinal);

    public IReadOnlyList<ScoredSentence> Score(
        QuestionAnalysis question,
        IReadOnlyList<SentenceRow> sentences,
        IReadOnlyDictionary<string, double> idf,
        IReadOnlyDictionary<long, double> paragraphPrior)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(sentences);
        var tokens = Tokenize(sentences);
        return Score(question, sentences, tokens, MatchAll(question.Terms, tokens), idf, paragraphPrior);
    }

    /// <summary>Each sentence's words: computed once per question and shared by the scorer and the ranker's features.</summary>
    internal static List<List<WordToken>> Tokenize(IReadOnlyList<SentenceRow> sentences) =>
        sentences.Select(s => WordTokenizer.Tokenize(s.Text)).ToList();

    /// <summary>Match strength of every question term in every sentence (<see cref="MatchStrength"/>).</summary>
    internal List<double[]> MatchAll(IReadOnlyList<QueryTerm> terms, List<List<WordToken>> tokens) =>
        tokens.Select(tk => terms.Select(t => MatchStrength(t, tk)).ToArray()).ToList();

    internal IReadOnlyList<ScoredSentence> Score(
        QuestionAnalysis question,
        IReadOnlyList<SentenceRow> sentences,
        List<List<WordToken>> tokens,
        List<double[]> match,
        IReadOnlyDictionary<string, double> idf,
        IReadOnlyDictionary<long, double> paragraphPrior)
    {
        var terms = question.Terms;
        if (terms.Count == 0 || sentences.Count == 0) return [];
        var w = terms.Select(t => idf.TryGetValue(t.Stem, out var v) ? v : 1.0).ToArray();
        double total = w.Sum();

        var titleMatch = new Dictionary<string, double[]>(StringComparer.Ordinal);

        var result = new List<ScoredSentence>(sentences.Count);
        for (int i = 0; i < sentences.Count; i++)
        {
            var s = sentences[i];
            if (!titleMatch.TryGetValue(s.Title, out var tm))
            {
                var titleTokens = WordTokenizer.Tokenize(s.Title);
                titleMatch[s.Title] = tm = terms.Select(t => MatchStrength(t, titleTokens)).ToArray();
            }

            double cov = 0, ctx = 0;
            for (int j = 0; j < terms.Count; j++)
            {
                double own = match[i][j];
                cov += w[j] * own;
                if (own >= 1) continue;
                // Context: the same paragraph's neighbours and the title often carry the subject ("they" = the Normans).
                double near = 0;
                for (int k = i - 2; k <= i + 2; k++)
                {
                    if (k == i || k < 0 || k >= sentences.Count) continue;
                    if (sentences[k].DocumentId != s.DocumentId || sentences[k].Paragraph != s.Paragraph) continue;
                    near = Math.Max(near, match[k][j] * (Math.Abs(k - i) == 1 ? 0.6 : 0.4));
                }
                near = Math.Max(near, tm[j] * 0.5);
                ctx += w[j] * Math.Max(0, near - own);
            }
            cov /= total;
            ctx /= total;
            double prox = Proximity(tokens[i], terms, match[i]);
            double type = AnswerTypeMatcher.Match(question.Type, s.Text, tokens[i], question.QuestionWords);
            bool novel = tokens[i].Any(t => !question.QuestionWords.Contains(t.Stem) && !StopWords.Contains(t.Normal));
            double prior = paragraphPrior.TryGetValue(s.Id, out var p) ? p : 0;
            double score = weights.Coverage * cov + weights.Context * ctx + weights.Proximity * prox + weights.AnswerType * type
                + weights.PassageRank * prior - (novel ? 0 : weights.NoNewInformationPenalty);
            result.Add(new ScoredSentence(s, score, cov + 0.5 * ctx, cov, type));
        }
        return result;
    }

    internal double MatchStrength(QueryTerm term, List<WordToken> tokens)
    {
        double best = 0;
        foreach (var t in tokens)
        {
            if (t.Stem == term.Stem) return 1;
            if (term.Variants.Count > 0 && IsVariant(term, t.Stem)) best = Math.Max(best, weights.VariantMatch);
            else if (SharesPrefix(term.Normal, t.Normal)) best = Math.Max(best, weights.PrefixMatch);
        }
        if (term.IsAcronym && best < 1 && MatchesAcronym(term.Surface, tokens)) return 1;
        return best;
    }

    private static bool IsVariant(QueryTerm term, string stem)
    {
        var variants = term.Variants;
        for (int i = 0; i < variants.Count; i++)
            if (VariantStems.GetOrAdd(variants[i], WordTokenizer.StemOf) == stem) return true;
        return false;
    }

    // "recognition" ~ "recognise", "government" ~ "govern": a long shared prefix suggests the same root.
    private static bool SharesPrefix(string a, string b)
    {
        int min = Math.Min(a.Length, b.Length);
        if (min < 5) return false;
        int n = 0;
        while (n < min && a[n] == b[n]) n++;
        return n >= 5 && n >= 0.75 * min;
    }

    private static bool MatchesAcronym(string acronym, List<WordToken> tokens)
    {
        for (int i = 0; i + acronym.Length <= tokens.Count; i++)
        {
            bool ok = true;
            for (int k = 0; k < acronym.Length && ok; k++)
                ok = tokens[i + k].IsCapitalized && char.ToUpperInvariant(tokens[i + k].Surface[0]) == acronym[k];
            if (ok) return true;
        }
        return false;
    }

    /// <summary>Matched terms per token of the tightest window holding them all (1 = adjacent).</summary>
    internal static double Proximity(List<WordToken> tokens, IReadOnlyList<QueryTerm> terms, double[] match)
    {
        var wanted = new HashSet<string>(terms.Where((_, j) => match[j] >= 1).Select(t => t.Stem), StringComparer.Ordinal);
        if (wanted.Count < 2) return wanted.Count == 1 ? 0.5 : 0;
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        int best = int.MaxValue;
        for (int i = 0; i < tokens.Count; i++)
        {
            if (!wanted.Contains(tokens[i].Stem)) continue;
            last[tokens[i].Stem] = i;
            if (last.Count == wanted.Count) best = Math.Min(best, i - last.Values.Min() + 1);
        }
        return best == int.MaxValue ? 0 : (double)wanted.Count / best;
    }
}
