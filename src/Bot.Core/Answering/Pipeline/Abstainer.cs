using Bot.Core.Answering.Ranking;
using Microsoft.Extensions.Options;

namespace Bot.Core.Answering.Pipeline;

/// <summary>
/// Abstention: whether the best candidate answers at all, and how sure the answerer is. The stage's boosted trees when
/// shipped, else its linear abstainer; without a learned ranker, the hand scorer's evidence against
/// <see cref="ScoringWeights.AbstainBelow"/>. <see cref="ScoringWeights.AbstainThreshold"/> overrides a model's threshold.
/// </summary>
internal sealed class Abstainer(IOptions<ScoringWeights> weights)
{
    private readonly ScoringWeights _weights = weights.Value;

    public (double Confidence, bool Answered) Decide(CandidateSet set, RankingStage stage, RankedCandidates ranked)
    {
        int top = ranked.Top;
        if (stage.Ranker is not null && stage.AbstainerTrees is { } trees)
        {
            double confidence = trees.Probability(AbstentionFeatures.Compute(set, ranked.Scores, top, ranked.Probabilities[top]));
            return (confidence, confidence >= (_weights.AbstainThreshold ?? trees.Threshold));
        }
        if (stage.Ranker is not null && stage.Abstainer is { } linear)
        {
            double confidence = linear.Probability(AbstentionFeatures.Compute(set, ranked.Scores, top, ranked.Probabilities[top]));
            return (confidence, confidence >= (_weights.AbstainThreshold ?? linear.Threshold));
        }
        var evidence = set.HandScored[top].Evidence;
        return (Math.Clamp(evidence, 0, 1), evidence >= _weights.AbstainBelow);
    }
}
