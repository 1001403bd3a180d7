using Bot.Core.Search.Vectors;

namespace Bot.Core.Tests.Search;

public sealed class ReciprocalRankFusionTests
{
    [Fact]
    public void Scores_are_the_sum_of_weighted_reciprocal_ranks()
    {
        var fused = ReciprocalRankFusion.Fuse(["a", "b", "c"], ["c", "a", "d"], secondWeight: 1.0, k: 60);

        var scores = fused.ToDictionary(h => h.Id, h => h.Score);
        Assert.Equal((1.0 / 61) + (1.0 / 62), scores["a"], 12);
        Assert.Equal(1.0 / 62, scores["b"], 12);
        Assert.Equal((1.0 / 63) + (1.0 / 61), scores["c"], 12);
        Assert.Equal(1.0 / 63, scores["d"], 12);
        Assert.Equal(["a", "c", "b", "d"], fused.Select(h => h.Id));
    }

    [Fact]
    public void A_heavier_list_wins_disagreements()
    {
        string[] lexical = ["lex1", "shared", "lex2"];
        string[] semantic = ["sem1", "shared", "sem2"];

        var balanced = ReciprocalRankFusion.Fuse(lexical, semantic, secondWeight: 1.0);
        var semanticHeavy = ReciprocalRankFusion.Fuse(lexical, semantic, secondWeight: 3.0);
        var lexicalOnly = ReciprocalRankFusion.Fuse(lexical, semantic, secondWeight: 0.0);

        Assert.Equal(["shared", "lex1", "sem1"], balanced.Take(3).Select(h => h.Id)); // found by both beats first place in one
        Assert.Equal(["shared", "sem1", "sem2"], semanticHeavy.Take(3).Select(h => h.Id));
        Assert.Equal(lexical, lexicalOnly.Select(h => h.Id));
    }

    [Fact]
    public void A_smaller_k_rewards_top_ranks_more()
    {
        // "top" is first in one list only; "both" is third in each list.
        string[] first = ["top", "x1", "both"];
        string[] second = ["y1", "y2", "both"];

        Assert.Equal("both", ReciprocalRankFusion.Fuse(first, second, k: 60)[0].Id);
        Assert.Equal("top", ReciprocalRankFusion.Fuse(first, second, k: 1)[0].Id);
    }

    [Fact]
    public void Ties_break_by_best_rank_then_first_appearance_and_limit_truncates()
    {
        var fused = ReciprocalRankFusion.Fuse<long>(
            [new RankedList<long>([1, 2]), new RankedList<long>([3, 4])], limit: 3);

        Assert.Equal([1L, 3L, 2L], fused.Select(h => h.Id));
        Assert.Equal([0, 0, 1], fused.Select(h => h.BestRank));
    }

    [Fact]
    public void A_repeated_id_counts_once_per_list_at_its_best_rank()
    {
        var fused = ReciprocalRankFusion.Fuse<string>([new RankedList<string>(["a", "b", "a"])]);

        Assert.Equal(1.0 / 61, fused.Single(h => h.Id == "a").Score, 12);
    }

    [Fact]
    public void Invalid_weights_and_k_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ReciprocalRankFusion.Fuse<int>([new RankedList<int>([1], -1)]));
        Assert.Throws<ArgumentException>(() => ReciprocalRankFusion.Fuse<int>([new RankedList<int>([1], double.NaN)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReciprocalRankFusion.Fuse<int>([new RankedList<int>([1])], k: 0));
    }
}
