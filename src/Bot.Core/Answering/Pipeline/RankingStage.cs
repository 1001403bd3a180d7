using Bot.Core.Answering.Ranking;

namespace Bot.Core.Answering.Pipeline;

/// <summary>
/// The models one question is ranked and judged with: the vector set or the lexical set (each ranker goes with the
/// abstainers trained on its scores). A null ranker means the hand-weighted scorer and its evidence threshold.
/// </summary>
internal sealed record RankingStage(LinearModel? Ranker, LinearModel? Abstainer, BoostedTrees? AbstainerTrees);
