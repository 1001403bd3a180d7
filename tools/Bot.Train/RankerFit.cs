using Bot.Core.Answering.Ranking;

namespace Bot.Train;

/// <summary>How a ranker is fitted: the listwise logistic fit (or the hand scorer alone), then optional top-1 sweeps.</summary>
internal sealed record RankerFit(double L2, int Iterations, int Sweeps, bool FromHand)
{
    public LinearModel Fit(List<LogisticTrainer.Group> train, string note) => LogisticTrainer.RefineTop1(Start(train, note), train, Sweeps);

    /// <summary>The starting point: the listwise logistic fit, or (<see cref="FromHand"/>) the hand-weighted scorer alone.</summary>
    private LinearModel Start(List<LogisticTrainer.Group> train, string note)
    {
        var lr = LogisticTrainer.TrainRanker(train, CandidateFeature.Set, L2, Iterations, note);
        if (!FromHand) return lr;
        var w = new double[CandidateFeature.Set.Count];
        w[CandidateFeature.Hand] = 1;
        return lr with { Weights = w };
    }
}
