using Bot.Core.Answering.Ranking;

namespace Bot.Core.Answering.Pipeline;

/// <summary>
/// Ranking: picks the models for the question (<see cref="ChooseStage"/>) and orders its candidates by the learned
/// ranker, or by the hand-weighted scorer when no ranker ships.
/// </summary>
internal sealed class CandidateRanker(IRankingModels models)
{
    /// <summary>
    /// The vector models when the candidates carry sentence vectors, else the lexical ones. The vector abstainers learnt
    /// the re-ranker's scores: a question the re-ranker did not reach (a model without per-token output) goes to the
    /// lexical models, as one without sentence vectors does.
    /// </summary>
    public RankingStage ChooseStage(CandidateSet set) =>
        set.VectorCosines is not null && models.VectorRanker is { } vectorRanker && (set.Reranked || models.TokenReranker is null)
            ? new RankingStage(set.Reranked && models.TokenReranker is { } reranker ? reranker : vectorRanker, models.VectorAbstainer, models.VectorAbstainerTrees)
            : new RankingStage(models.Ranker, models.Abstainer, models.AbstainerTrees);

    public static RankedCandidates Rank(CandidateSet set, LinearModel? ranker)
    {
        int n = set.Sentences.Count;
        var scores = new double[n];
        for (int i = 0; i < n; i++) scores[i] = ranker is null ? set.HandScored[i].Score : ranker.Score(set.Features[i]);
        int top = 0;
        for (int i = 1; i < n; i++) if (scores[i] > scores[top]) top = i;
        // Softmax over the candidates: a quote's score is its share of the belief.
        var probs = new double[n];
        double z = 0;
        for (int i = 0; i < n; i++) z += probs[i] = Math.Exp(scores[i] - scores[top]);
        for (int i = 0; i < n; i++) probs[i] /= z;
        var ranked = Enumerable.Range(0, n)
            .Select(i => set.HandScored[i] with { Score = ranker is null ? scores[i] : probs[i] })
            .OrderByDescending(s => s.Score).ToList();
        return new RankedCandidates(scores, probs, top, ranked);
    }
}
