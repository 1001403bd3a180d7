using Bot.Core.Answering;
using Bot.Core.Answering.Ranking;
using Bot.Core.Indexing;
using Bot.Core.Questions;

namespace Bot.Core.Tests.Answering.Pipeline;

/// <summary>Hand-made candidate sets for the ranking and abstention steps' tests.</summary>
internal static class Candidates
{
    public static SentenceRow Sentence(int ordinal, int paragraph = 0, string? text = null) =>
        new(100 + ordinal, 1, "a.txt", "A", null, paragraph, ordinal, ordinal * 100, ordinal * 100 + 50, text ?? $"Sentence {ordinal}.");

    /// <summary>One candidate per hand score; each candidate's features hold its hand score and <paramref name="coverage"/>.</summary>
    public static CandidateSet Set(double[] hand, double[]? evidence = null, double coverage = 0.5)
    {
        var analysis = QuestionAnalyzer.Analyze("when did the treaty end the war?");
        var sentences = hand.Select((_, i) => Sentence(i)).ToList();
        var scored = sentences.Select((s, i) => new ScoredSentence(s, hand[i], evidence?[i] ?? hand[i], coverage, 0)).ToList();
        var features = hand.Select(h =>
        {
            var f = new double[CandidateFeature.Set.Count];
            f[CandidateFeature.Hand] = h;
            f[CandidateFeature.Coverage] = coverage;
            return f;
        }).ToArray();
        var idf = analysis.Terms.ToDictionary(t => t.Stem, _ => 1.0);
        var df = analysis.Terms.ToDictionary(t => t.Stem, _ => 1);
        return new CandidateSet(analysis, [], [], sentences, scored, features, 0, 1, df, idf, new Dictionary<string, IReadOnlyList<long>>());
    }

    /// <summary>A linear model over <paramref name="set"/> whose score is <paramref name="weight"/> × the one named feature.</summary>
    public static LinearModel Linear(FeatureSet set, int feature, double weight, double threshold = 0.5)
    {
        var weights = new double[set.Count];
        weights[feature] = weight;
        return new LinearModel(set.Names, new double[set.Count], Enumerable.Repeat(1.0, set.Count).ToArray(), weights, 0, threshold);
    }
}
