using Bot.Core.Answering.Ranking;

namespace Bot.Core.Tests.Answering;

public sealed class BoostedTreesTests
{
    [Fact]
    public void Each_tree_routes_by_its_root_then_child_split_and_the_leaves_add_up()
    {
        // Root on feature 0 < 1; left child on feature 1 < 5, right child on feature 1 < 10.
        var tree = new BoostedTree([0, 1, 1], [1, 5, 10], [-1, -2, 3, 4]);
        var model = new BoostedTrees(["a", "b"], 0.5, [tree, tree], 0.6);

        Assert.Equal(0.5 - 2, model.Score([0, 1]));
        Assert.Equal(0.5 - 4, model.Score([0, 7]));
        Assert.Equal(0.5 + 6, model.Score([2, 9]));
        Assert.Equal(0.5 + 8, model.Score([2, 10]));
        Assert.Equal(1 / (1 + Math.Exp(-8.5)), model.Probability([2, 10]), 12);
    }

    [Fact]
    public void Shipped_abstainer_round_trips_through_json()
    {
        var shipped = ShippedRankingModels.Instance.AbstainerTrees;
        Assert.NotNull(shipped);
        Assert.Equal(AbstentionFeature.Set.Names, shipped.Features);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(shipped.ToJson()));
        var copy = BoostedTrees.Read(stream, AbstentionFeature.Set, "copy");
        var x = AbstentionFeature.Set.Names.Select((_, i) => 0.1 * i).ToArray();
        Assert.Equal(shipped.Probability(x), copy.Probability(x), 12);
        Assert.InRange(shipped.Threshold, 0.01, 0.99);
    }
}
