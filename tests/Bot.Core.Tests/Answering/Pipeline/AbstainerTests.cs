using Bot.Core.Answering;
using Bot.Core.Answering.Pipeline;
using Bot.Core.Answering.Ranking;
using Bot.Core.Documents;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Answering.Pipeline;

public sealed class AbstainerTests
{
    private static readonly LinearModel Ranker = Candidates.Linear(CandidateFeature.Set, CandidateFeature.Hand, 1);

    private static Abstainer Abstainer(double? threshold = null) => new(Options.Create(new ScoringWeights { AbstainThreshold = threshold, AbstainBelow = 0.5 }));

    [Fact]
    public void Without_a_learned_ranker_the_best_candidates_evidence_decides_against_AbstainBelow()
    {
        var set = Candidates.Set([0.2, 0.9], evidence: [0.1, 0.45]);
        var ranked = CandidateRanker.Rank(set, null);

        var (confidence, answered) = Abstainer().Decide(set, new RankingStage(null, null, null), ranked);

        Assert.Equal(0.45, confidence, 12);
        Assert.False(answered);
    }

    [Fact]
    public void The_linear_abstainer_reads_the_best_candidates_named_features_and_its_threshold_decides()
    {
        var set = Candidates.Set([0.2, 0.9], coverage: 0.8);
        var ranked = CandidateRanker.Rank(set, Ranker);
        // Confidence is the logistic of the best candidate's coverage (a weight of 1 on topCoverage alone).
        var abstainer = Candidates.Linear(AbstentionFeature.Set, AbstentionFeature.TopCoverage, 1, threshold: 0.7);

        var (confidence, answered) = Abstainer().Decide(set, new RankingStage(Ranker, abstainer, null), ranked);

        Assert.Equal(1 / (1 + Math.Exp(-0.8)), confidence, 12);
        Assert.False(answered); // 0.69 < 0.7
        Assert.True(Abstainer(threshold: 0.6).Decide(set, new RankingStage(Ranker, abstainer, null), ranked).Answered);
    }

    [Fact]
    public void Boosted_trees_are_preferred_over_the_linear_abstainer()
    {
        var set = Candidates.Set([0.2, 0.9]);
        var ranked = CandidateRanker.Rank(set, Ranker);
        var linear = Candidates.Linear(AbstentionFeature.Set, AbstentionFeature.TopCoverage, 1);
        var trees = new BoostedTrees(AbstentionFeature.Set.Names, 3, [], 0.9);

        var (confidence, answered) = Abstainer().Decide(set, new RankingStage(Ranker, linear, trees), ranked);

        Assert.Equal(1 / (1 + Math.Exp(-3)), confidence, 12);
        Assert.True(answered);
    }

    [Fact]
    public void A_trees_file_s_news_threshold_holds_news_documents_and_the_setting_overrides_it()
    {
        var set = Candidates.Set([0.2, 0.9]);
        var ranked = CandidateRanker.Rank(set, Ranker);
        var trees = new BoostedTrees(AbstentionFeature.Set.Names, 0, [], 0.6, NewsThreshold: 0.3); // confidence 0.5
        var stage = new RankingStage(Ranker, null, trees);

        Assert.True(Abstainer().Decide(set, stage, ranked, DocumentGenre.News).Answered);
        Assert.False(Abstainer().Decide(set, stage, ranked, DocumentGenre.Reference).Answered);
        var strict = new Abstainer(Options.Create(new ScoringWeights { NewsAbstainThreshold = 0.55 }));
        Assert.False(strict.Decide(set, stage, ranked, DocumentGenre.News).Answered);
    }
}
