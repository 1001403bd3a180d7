using Bot.Core.Answering.Ranking;
using Bot.Core.Documents;
using Bot.Core.Indexing;
using Microsoft.Extensions.Options;

namespace Bot.Core.Answering.Pipeline;

/// <summary>
/// Abstention: whether the best candidate answers at all, and how sure the answerer is. The stage's boosted trees when
/// shipped, else its linear abstainer; without a learned ranker, the hand scorer's evidence against
/// <see cref="ScoringWeights.AbstainBelow"/>. <see cref="ScoringWeights.AbstainThreshold"/> overrides a model's threshold.
/// Genre-aware: a best sentence from a document <see cref="GenreDetector"/> reads as news is held to the news threshold,
/// <see cref="ScoringWeights.NewsAbstainThreshold"/> or else the trees file's own (<see cref="BoostedTrees.NewsThreshold"/>);
/// without either, every document is held to the one threshold. The genre is read once per document per index
/// generation (<see cref="IIndexReader.GetDocumentGenreAsync"/>).
/// </summary>
internal sealed class Abstainer(IOptions<ScoringWeights> weights)
{
    private readonly ScoringWeights _weights = weights.Value;

    /// <summary>Decides for the ranked set, reading the best sentence's document genre only when a news threshold applies.</summary>
    /// <remarks>Without a news threshold this completes synchronously and allocates nothing (a <see cref="ValueTask{TResult}"/>).</remarks>
    public ValueTask<(double Confidence, bool Answered)> DecideAsync(IIndexReader reader, CandidateSet set, RankingStage stage, RankedCandidates ranked, CancellationToken cancellationToken)
    {
        if (NewsThreshold(stage) is null)
            return ValueTask.FromResult(Decide(set, stage, ranked));
        return DecideByGenreAsync(reader, set, stage, ranked, cancellationToken);
    }

    private async ValueTask<(double Confidence, bool Answered)> DecideByGenreAsync(IIndexReader reader, CandidateSet set, RankingStage stage, RankedCandidates ranked, CancellationToken cancellationToken)
    {
        var genre = await reader.GetDocumentGenreAsync(set.Sentences[ranked.Top].DocumentId, cancellationToken).ConfigureAwait(false);
        return Decide(set, stage, ranked, genre);
    }

    /// <summary>The news threshold that applies to the stage's abstainer: the setting, else the trees file's; null when none.</summary>
    private double? NewsThreshold(RankingStage stage) =>
        stage.Ranker is null ? null
        : stage.AbstainerTrees is { } trees ? _weights.NewsAbstainThreshold ?? trees.NewsThreshold
        : stage.Abstainer is not null ? _weights.NewsAbstainThreshold
        : null;

    public (double Confidence, bool Answered) Decide(CandidateSet set, RankingStage stage, RankedCandidates ranked, DocumentGenre genre = DocumentGenre.Reference)
    {
        int top = ranked.Top;
        if (stage.Ranker is not null && stage.AbstainerTrees is { } trees)
        {
            double confidence = trees.Probability(AbstentionFeatures.Compute(set, ranked.Scores, top, ranked.Probabilities[top]));
            return (confidence, confidence >= Threshold(trees.Threshold, genre, stage));
        }
        if (stage.Ranker is not null && stage.Abstainer is { } linear)
        {
            double confidence = linear.Probability(AbstentionFeatures.Compute(set, ranked.Scores, top, ranked.Probabilities[top]));
            return (confidence, confidence >= Threshold(linear.Threshold, genre, stage));
        }
        var evidence = set.HandScored[top].Evidence;
        return (Math.Clamp(evidence, 0, 1), evidence >= _weights.AbstainBelow);
    }

    /// <summary>The news threshold for a news document when one applies; else the configured override, else the model's own.</summary>
    private double Threshold(double model, DocumentGenre genre, RankingStage stage) =>
        genre == DocumentGenre.News && NewsThreshold(stage) is { } news ? news : _weights.AbstainThreshold ?? model;
}
