using Bot.Core.Answering.Pipeline;

namespace Bot.Core.Tests.Answering.Pipeline;

public sealed class RerankMarginTests
{
    private static readonly double[] First = [5.0, 4.5, 0.2, 3.1, 1.5, 0.9, 0.95];

    private static List<int> Best() => [0, 1, 3, 4, 6, 5, 2]; // by first-stage score, best first

    [Fact]
    public void Candidates_further_than_the_margin_below_the_best_are_not_re_ranked() =>
        Assert.Equal([0, 1, 3, 4], CandidateGatherer.Decisive(Best(), First, margin: 4));

    [Fact]
    public void The_best_two_are_always_re_ranked_however_decisive_the_first_stage() =>
        Assert.Equal([0, 1], CandidateGatherer.Decisive(Best(), First, margin: 0.1));

    [Fact]
    public void A_margin_of_zero_re_ranks_every_candidate_up_to_the_depth() =>
        Assert.Equal(Best(), CandidateGatherer.Decisive(Best(), First, margin: 0));
}
