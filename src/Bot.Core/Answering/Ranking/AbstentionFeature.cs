namespace Bot.Core.Answering.Ranking;

/// <summary>
/// The abstainer's feature vector (one per answer, about its best candidate), one named slot per constant: every
/// abstainer (<c>abstainer*.json</c>, linear, and <c>abstainer-trees*.json</c>, boosted trees whose splits address these
/// slots by index) is trained on <see cref="Set"/>. Computed by <see cref="AbstentionFeatures"/>.
/// </summary>
internal static class AbstentionFeature
{
    public const int TopScore = 0, TopProbability = 1, Gap = 2, TopCoverage = 3, TopExactIdf = 4, MissingFromCorpus = 5, LogTerms = 6,
        TopTitleCoverage = 7, TopParagraphCoverage = 8, MaxCoverage = 9, TopSentBm25Share = 10, TopTypeMatch = 11, MatchedAnywhere = 12,
        TopWindowCoverage = 13, TopDocVote = 14, TopExactFraction = 15, TopBigrams = 16, TopMaxMissingIdf = 17, TopDocCoverage = 18;

    /// <summary>The question's words against the corpus vocabulary.</summary>
    public const int MissingCount = 19, MissingNames = 20, RareFraction = 21, LogMinDf = 22, TopDocNames = 23, RarestInTopDoc = 24,
        RarestInTopParagraph = 25;

    /// <summary>The question against the best candidate's whole document.</summary>
    public const int WholeDocShare = 26, WholeDocFoundShare = 27, MaxDocShare = 28, WholeDocGap = 29, WholeDocRare = 30, WholeDocNames = 31,
        WholeDocMaxMissingIdf = 32;

    /// <summary>Sentence-embedding slots (zero without an embedding model).</summary>
    public const int TopVecCos = 33, MaxVecCos = 34, TopVecParagraph = 35;

    /// <summary>Late-interaction slots (zero unless the question was re-ranked).</summary>
    public const int TopTokMatch = 36, MaxTokMatch = 37, TopTokWorstCovered = 38;

    public static readonly FeatureSet Set = FeatureSet.Define("abstainer",
    [
        (TopScore, "topScore"), (TopProbability, "topProbability"), (Gap, "gap"), (TopCoverage, "topCoverage"), (TopExactIdf, "topExactIdf"),
        (MissingFromCorpus, "missingFromCorpus"), (LogTerms, "logTerms"), (TopTitleCoverage, "topTitleCoverage"),
        (TopParagraphCoverage, "topParagraphCoverage"), (MaxCoverage, "maxCoverage"), (TopSentBm25Share, "topSentBm25Share"),
        (TopTypeMatch, "topTypeMatch"), (MatchedAnywhere, "matchedAnywhere"), (TopWindowCoverage, "topWindowCoverage"),
        (TopDocVote, "topDocVote"), (TopExactFraction, "topExactFraction"), (TopBigrams, "topBigrams"),
        (TopMaxMissingIdf, "topMaxMissingIdf"), (TopDocCoverage, "topDocCoverage"),
        (MissingCount, "missingCount"), (MissingNames, "missingNames"), (RareFraction, "rareFraction"), (LogMinDf, "logMinDf"),
        (TopDocNames, "topDocNames"), (RarestInTopDoc, "rarestInTopDoc"), (RarestInTopParagraph, "rarestInTopParagraph"),
        (WholeDocShare, "wholeDocShare"), (WholeDocFoundShare, "wholeDocFoundShare"), (MaxDocShare, "maxDocShare"),
        (WholeDocGap, "wholeDocGap"), (WholeDocRare, "wholeDocRare"), (WholeDocNames, "wholeDocNames"),
        (WholeDocMaxMissingIdf, "wholeDocMaxMissingIdf"),
        (TopVecCos, "topVecCos"), (MaxVecCos, "maxVecCos"), (TopVecParagraph, "topVecParagraph"),
        (TopTokMatch, "topTokMatch"), (MaxTokMatch, "maxTokMatch"), (TopTokWorstCovered, "topTokWorstCovered"),
    ]);
}
