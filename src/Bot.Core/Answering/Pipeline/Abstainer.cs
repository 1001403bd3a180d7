using Bot.Core.Answering.Ranking;
using Bot.Core.Documents;
using Bot.Core.Indexing;
using Microsoft.Extensions.Options;

namespace Bot.Core.Answering.Pipeline;

/// <summary>
/// Abstention: whether the best candidate answers at all, and how sure the answerer is. The stage's boosted trees when
/// shipped, else its linear abstainer; without a learned ranker, the hand scorer's evidence against
/// <see cref="ScoringWeights.AbstainBelow"/>. <see cref="ScoringWeights.AbstainThreshold"/> overrides a model's threshold;
/// with <see cref="ScoringWeights.NewsAbstainThreshold"/> set, a best sentence from a document
/// <see cref="GenreDetector"/> reads as news is held to that threshold instead.
/// </summary>
internal sealed class Abstainer(IOptions<ScoringWeights> weights)
{
    private readonly ScoringWeights _weights = weights.Value;

    /// <summary>Decides for the ranked set, reading the best sentence's document genre only when a news threshold is set.</summary>
    /// <remarks>Without a news threshold this completes synchronously and allocates nothing (a <see cref="ValueTask{TResult}"/>).</remarks>
    public ValueTask<(double Confidence, bool Answered)> DecideAsync(IIndexReader reader, CandidateSet set, RankingStage stage, RankedCandidates ranked, CancellationToken cancellationToken)
    {
        if (_weights.NewsAbstainThreshold is null || stage.Ranker is null || (stage.AbstainerTrees is null && stage.Abstainer is null))
            return ValueTask.FromResult(Decide(set, stage, ranked));
        return DecideByGenreAsync(reader, set, stage, ranked, cancellationToken);
    }

    private async ValueTask<(double Confidence, bool Answered)> DecideByGenreAsync(IIndexReader reader, CandidateSet set, RankingStage stage, RankedCandidates ranked, CancellationToken cancellationToken)
    {
        var genre = GenreDetector.Detect(await reader.GetDocumentTextAsync(set.Sentences[ranked.Top].DocumentId, cancellationToken).ConfigureAwait(false));
        return Decide(set, stage, ranked, genre);
    }

    public (double Confidence, bool Answered) Decide(CandidateSet set, RankingStage stage, RankedCandidates ranked, DocumentGenre genre = DocumentGenre.Reference)
    {
        int top = ranked.Top;
        if (stage.Ranker is not null && stage.AbstainerTrees is { } trees)
        {
            double confidence = trees.Probability(AbstentionFeatures.Compute(set, ranked.Scores, top, ranked.Probabilities[top]));
            return (confidence, confidence >= Threshold(trees.Threshold, genre));
        }
        if (stage.Ranker is not null && stage.Abstainer is { } linear)
        {
            double confidence = linear.Probability(AbstentionFeatures.Compute(set, ranked.Scores, top, ranked.Probabilities[top]));
            return (confidence, confidence >= Threshold(linear.Threshold, genre));
        }
        var evidence = set.HandScored[top].Evidence;
        return (Math.Clamp(evidence, 0, 1), evidence >= _weights.AbstainBelow);
    }

    /// <summary>The news threshold for a news document when set; else the configured override, else the model's own.</summary>
    private double Threshold(double model, DocumentGenre genre) =>
        genre == DocumentGenre.News && _weights.NewsAbstainThreshold is { } news ? news : _weights.AbstainThreshold ?? model;
}
