using Bot.Core.Questions;

namespace Bot.Core.Answering.Ranking;

/// <summary>
/// The ranker's feature vector, one named slot per constant: every ranker model (<c>ranker.json</c>,
/// <c>ranker-vectors.json</c>, <c>reranker-tokens.json</c>) is trained on <see cref="Set"/>. The lexical slots come first,
/// then one slot per question type, the word-vector slots, the sentence-embedding slots (zero without an embedding model)
/// and the late-interaction slots (zero unless the candidate was re-ranked). Adding a feature means a constant here, its
/// line in <see cref="Set"/>, and retraining every model of the set.
/// </summary>
internal static class CandidateFeature
{
    public const int Hand = 0, Coverage = 1, Context = 2, Proximity = 3, TypeMatch = 4, Prior = 5, SentBm25 = 6, SentRank = 7,
        PassRank = 8, PassBm25 = 9, LogTokens = 10, ExactFraction = 11, ExactIdf = 12, Bigrams = 13, NovelRatio = 14,
        PronounStart = 15, NeighbourCoverage = 16, FirstInParagraph = 17, DocVote = 18, TitleCoverage = 19, MaxMissingIdf = 20,
        FreshNames = 21, FreshNumbers = 22, FreshYear = 23, QuoteMark = 24, ParagraphCoverage = 25, OrderedMatch = 26,
        WindowCoverage = 27, DocCoverage = 28;

    /// <summary>The first of the per-question-type slots: the question's type gets the candidate's type match, the others zero.</summary>
    public const int TypeFirst = 29;

    private const int AnswerTypes = 10;

    public const int SoftCoverage = TypeFirst + AnswerTypes, SoftNeighbourhood = SoftCoverage + 1, SoftWindow = SoftCoverage + 2;

    /// <summary>Sentence-embedding slots; <see cref="VectorFirst"/> onwards is cleared when a question falls back to lexical ranking.</summary>
    public const int VecCos = SoftWindow + 1, VecGapToBest = VecCos + 1, VecRank = VecCos + 2, VecNeighbour = VecCos + 3, VecParagraph = VecCos + 4;

    public const int VectorFirst = VecCos;

    /// <summary>Late-interaction slots (<see cref="TokenMatchFeatures"/>).</summary>
    public const int TokMatch = VecParagraph + 1, TokGapToBest = TokMatch + 1, TokWorstCovered = TokMatch + 2, TokNeighbour = TokMatch + 3,
        TokRank = TokMatch + 4, TokReranked = TokMatch + 5;

    /// <summary>The slot of a question type's feature.</summary>
    public static int Type(AnswerType type) => TypeFirst + (int)type;

    public static readonly FeatureSet Set = FeatureSet.Define("ranker",
    [
        (Hand, "hand"), (Coverage, "coverage"), (Context, "context"), (Proximity, "proximity"), (TypeMatch, "typeMatch"),
        (Prior, "prior"), (SentBm25, "sentBm25"), (SentRank, "sentRank"), (PassRank, "passRank"), (PassBm25, "passBm25"),
        (LogTokens, "logTokens"), (ExactFraction, "exactFraction"), (ExactIdf, "exactIdf"), (Bigrams, "bigrams"),
        (NovelRatio, "novelRatio"), (PronounStart, "pronounStart"), (NeighbourCoverage, "neighbourCoverage"),
        (FirstInParagraph, "firstInParagraph"), (DocVote, "docVote"), (TitleCoverage, "titleCoverage"),
        (MaxMissingIdf, "maxMissingIdf"), (FreshNames, "freshNames"), (FreshNumbers, "freshNumbers"), (FreshYear, "freshYear"),
        (QuoteMark, "quoteMark"), (ParagraphCoverage, "paragraphCoverage"), (OrderedMatch, "orderedMatch"),
        (WindowCoverage, "windowCoverage"), (DocCoverage, "docCoverage"),
        .. Enum.GetValues<AnswerType>().Select(t => (Type(t), $"type:{t}")),
        (SoftCoverage, "softCoverage"), (SoftNeighbourhood, "softNeighbourhood"), (SoftWindow, "softWindow"),
        (VecCos, "vecCos"), (VecGapToBest, "vecGapToBest"), (VecRank, "vecRank"), (VecNeighbour, "vecNeighbour"), (VecParagraph, "vecParagraph"),
        (TokMatch, "tokMatch"), (TokGapToBest, "tokGapToBest"), (TokWorstCovered, "tokWorstCovered"), (TokNeighbour, "tokNeighbour"),
        (TokRank, "tokRank"), (TokReranked, "tokReranked"),
    ]);
}
