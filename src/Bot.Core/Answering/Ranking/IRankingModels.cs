namespace Bot.Core.Answering.Ranking;

/// <summary>
/// The learned models the answerer ranks and abstains with; null where a model is absent (the answerer then falls back:
/// no ranker means the hand-weighted scorer, no trees means the linear abstainer). The default is the shipped files
/// (<see cref="ShippedRankingModels"/>); the trainer and tests hand in others (<see cref="RankingModelSet"/>).
/// </summary>
public interface IRankingModels
{
    /// <summary>The lexical sentence ranker (used when no embedding model is active).</summary>
    LinearModel? Ranker { get; }

    LinearModel? Abstainer { get; }

    /// <summary>The lexical abstainer as boosted trees: preferred over <see cref="Abstainer"/> when present.</summary>
    BoostedTrees? AbstainerTrees { get; }

    /// <summary>The ranker trained with sentence-embedding features (used when an embedding model is active).</summary>
    LinearModel? VectorRanker { get; }

    LinearModel? VectorAbstainer { get; }

    BoostedTrees? VectorAbstainerTrees { get; }

    /// <summary>
    /// The second stage over the vector ranker's best candidates: the same features plus the late-interaction ones
    /// (<see cref="TokenMatchFeatures"/>); the vector abstainers are trained on its scores.
    /// </summary>
    LinearModel? TokenReranker { get; }
}
