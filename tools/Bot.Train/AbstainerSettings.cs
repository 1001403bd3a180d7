namespace Bot.Train;

/// <summary>How the abstainer's training rows are made and its models fitted (the `abstainer` options).</summary>
/// <param name="LostTarget">Share of answerable tuning questions the threshold may lose.</param>
/// <param name="TreeRounds">Boosted trees in the written trees file (0: no trees file).</param>
/// <param name="TreeRate">The trees' learning rate.</param>
/// <param name="Pairs">Add leave-two-articles-out runs as extra training rows.</param>
/// <param name="Holes">Add runs where one article loses every other paragraph.</param>
/// <param name="Unanswerable">Add SQuAD 2.0's unanswerable questions about the indexed articles as negatives.</param>
/// <param name="CrossFit">Score each question's candidates with the ranker trained without its article.</param>
/// <param name="ThresholdFolds">What the trees' out-of-fold threshold holds out at a time: "run" (the scored row's
/// leave-one-article-out run, whose answerable questions the other runs still hold), "article" (every run's rows of the scored
/// question's article; a second-set article with its share of the general off-topic questions) or "also-article" (the
/// second set's rows by article, the first set's by run).</param>
/// <param name="ThresholdFirstSet">The thresholds lose the target share of the first set's (SQuAD's) answerable tuning questions only,
/// instead of the first and second sets' together.</param>
/// <param name="ReferenceThreshold">When set, the trees' threshold (what a reference document's best sentence is held to)
/// is this value instead of the out-of-fold rule's, which is still printed.</param>
/// <param name="NewsThreshold">Write the trees' news threshold (<c>newsThreshold</c>: what a news document's best sentence
/// is held to): the out-of-fold probability below which <see cref="LostTarget"/> of the second set's answerable questions fall.</param>
/// <param name="TreeBlendWithout">When not empty, the trees are a blend: the usual trees and as many fitted with these features
/// zeroed (so never split on), their leaf values halved, in one trees file (twice the trees; the file format is unchanged).</param>
internal sealed record AbstainerSettings(double LostTarget, int TreeRounds, double TreeRate, bool Pairs, bool Holes, bool Unanswerable, bool CrossFit,
    string ThresholdFolds = "run", bool ThresholdFirstSet = false, double? ReferenceThreshold = null, bool NewsThreshold = false,
    IReadOnlyList<string>? TreeBlendWithout = null)
{
    public static readonly IReadOnlyList<string> ThresholdFoldKinds = ["run", "article", "also-article"];

    /// <summary>The threshold that loses <see cref="LostTarget"/> of the answerable questions whose probabilities, in ascending order, are <paramref name="ascending"/>.</summary>
    public double ThresholdOf(IReadOnlyList<double> ascending) => ascending[(int)Math.Floor(LostTarget * ascending.Count)];
}
