using Bot.Core.Text;

namespace Bot.Core.Answering.Ranking;

/// <summary>
/// Features of a whole answer for the abstention classifier: how strong and how clear the best candidate is, and how
/// much of the question the corpus knows at all (an out-of-corpus question names things no article mentions).
/// </summary>
internal static class AbstentionFeatures
{
    public static readonly string[] Names =
    [
        "topScore", "topProbability", "gap", "topCoverage", "topExactIdf", "missingFromCorpus", "logTerms", "topTitleCoverage",
        "topParagraphCoverage", "maxCoverage", "topSentBm25", "topTypeMatch", "matchedAnywhere", "topWindowCoverage", "topDocVote",
        "topExactFraction", "topBigrams", "topMaxMissingIdf", "topDocCoverage",
        "missingCount", "missingNames", "rareFraction", "logMinDf", "topDocNames", "rarestInTopDoc", "rarestInTopParagraph",
    ];

    public static double[] Compute(CandidateSet set, IReadOnlyList<double> scores, int top, double topProbability)
    {
        var f = set.Features[top];
        double second = double.NegativeInfinity;
        for (int i = 0; i < scores.Count; i++) if (i != top && scores[i] > second) second = scores[i];
        return
        [
            scores[top], topProbability, double.IsNegativeInfinity(second) ? 5 : Math.Min(5, scores[top] - second), f[1], f[12], set.MissingFromCorpus,
            Math.Log(1 + set.Analysis.Terms.Count), f[19], f[25], set.HandScored.Max(h => h.Coverage), f[6] * (set.SentenceHits.Count > 0 ? set.SentenceHits[0].Score : 0),
            f[4], set.MatchedAnywhere, f[27], f[18],
            f[11], f[13], f[20], f[28],
            .. CorpusVocabulary(set, top),
        ];
    }

    /// <summary>
    /// Question words measured against the whole corpus vocabulary: a question about another article names things
    /// (places, people, rare words) the corpus never mentions, or mentions only in some other document than the best
    /// candidate's.
    /// </summary>
    private static double[] CorpusVocabulary(CandidateSet set, int top)
    {
        var terms = set.Analysis.Terms;
        var df = set.SentenceFrequencies;
        var best = set.Sentences[top];
        var inDoc = new HashSet<string>(StringComparer.Ordinal);
        var inParagraph = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in set.Sentences)
        {
            if (s.DocumentId != best.DocumentId) continue;
            foreach (var t in WordTokenizer.Tokenize(s.Text))
            {
                inDoc.Add(t.Stem);
                if (s.Paragraph == best.Paragraph) inParagraph.Add(t.Stem);
            }
        }
        foreach (var t in WordTokenizer.Tokenize(best.Title)) inDoc.Add(t.Stem);
        int missing = 0, missingNames = 0, rare = 0, names = 0, namesFound = 0, minDf = int.MaxValue;
        QueryTerm? rarest = null;
        foreach (var t in terms)
        {
            int d = df.GetValueOrDefault(t.Stem);
            // A capitalised word inside the question (not its first word) is most likely a name.
            bool name = t.Surface.Length > 0 && char.IsUpper(t.Surface[0]) && !set.Analysis.Question.StartsWith(t.Surface, StringComparison.Ordinal);
            if (d == 0) { missing++; if (name) missingNames++; }
            else if (d <= 3) rare++;
            if (name) { names++; if (inDoc.Contains(t.Stem)) namesFound++; }
            if (d < minDf) { minDf = d; rarest = t; }
        }
        int n = Math.Max(1, terms.Count);
        return
        [
            Math.Log(1 + missing), Math.Log(1 + missingNames), (double)rare / n, Math.Log(1 + (rarest is null ? 0 : minDf)),
            names == 0 ? 1 : (double)namesFound / names,
            rarest is not null && inDoc.Contains(rarest.Stem) ? 1 : 0,
            rarest is not null && inParagraph.Contains(rarest.Stem) ? 1 : 0,
        ];
    }
}
