namespace Bot.Core.Answering.Pipeline;

/// <summary>
/// The ranking step's result: each candidate's raw score and softmax share (in candidate order), the best candidate's
/// index, and the candidates best first with <see cref="ScoredSentence.Score"/> their share (their hand score without a
/// learned ranker).
/// </summary>
internal sealed record RankedCandidates(double[] Scores, double[] Probabilities, int Top, List<ScoredSentence> Ranked);
