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
        ];
    }
}
