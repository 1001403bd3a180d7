using Bot.Core.Answering.Ranking;

namespace Bot.Core.Tests.Answering.Ranking;

public sealed class FeatureSetTests
{
    private static LinearModel Linear(IReadOnlyList<string> names) =>
        new(names, names.Select(_ => 0.0).ToList(), names.Select(_ => 1.0).ToList(), names.Select(_ => 0.5).ToList(), 0);

    private static MemoryStream Json(string json) => new(System.Text.Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Ranker_refuses_a_model_whose_feature_names_differ()
    {
        var names = CandidateFeature.Set.Names.ToArray();
        (names[CandidateFeature.TitleCoverage], names[CandidateFeature.DocVote]) = (names[CandidateFeature.DocVote], names[CandidateFeature.TitleCoverage]);
        using var stream = Json(Linear(names).ToJson());

        var e = Assert.Throws<InvalidDataException>(() => LinearModel.Read(stream, CandidateFeature.Set, "ranker.json"));

        Assert.Contains("ranker.json", e.Message);
        Assert.Contains($"position {CandidateFeature.DocVote}", e.Message);
        Assert.Contains("\"titleCoverage\"", e.Message);
    }

    [Fact]
    public void Ranker_refuses_a_model_with_a_feature_more_or_less_than_the_code()
    {
        using var longer = Json(Linear([.. CandidateFeature.Set.Names, "extra"]).ToJson());
        using var shorter = Json(Linear(CandidateFeature.Set.Names.Take(CandidateFeature.Set.Count - 1).ToList()).ToJson());

        Assert.Throws<InvalidDataException>(() => LinearModel.Read(longer, CandidateFeature.Set, "ranker.json"));
        Assert.Throws<InvalidDataException>(() => LinearModel.Read(shorter, CandidateFeature.Set, "ranker.json"));
    }

    [Fact]
    public void A_model_whose_weights_do_not_match_its_names_is_refused()
    {
        var model = Linear(CandidateFeature.Set.Names) with { Weights = [1, 2] };
        using var stream = Json(model.ToJson());

        Assert.Throws<InvalidDataException>(() => LinearModel.Read(stream, CandidateFeature.Set, "ranker.json"));
    }

    [Fact]
    public void Abstainer_trees_that_split_on_a_feature_the_set_lacks_are_refused()
    {
        var trees = new BoostedTrees(AbstentionFeature.Set.Names, 0, [new BoostedTree([0, AbstentionFeature.Set.Count, 1], [0, 0, 0], [0, 0, 0, 0])]);
        using var stream = Json(trees.ToJson());

        Assert.Throws<InvalidDataException>(() => BoostedTrees.Read(stream, AbstentionFeature.Set, "abstainer-trees.json"));
    }

    [Fact]
    public void A_model_with_the_codes_names_reads_and_scores_by_them()
    {
        using var stream = Json(Linear(AbstentionFeature.Set.Names).ToJson());

        var model = LinearModel.Read(stream, AbstentionFeature.Set, "abstainer.json");

        var x = new double[AbstentionFeature.Set.Count];
        x[AbstentionFeature.Gap] = 2;
        Assert.Equal(1.0, model.Score(x), 12);
    }

    [Fact]
    public void A_named_index_that_drifts_from_its_place_in_the_list_fails_when_the_set_is_defined()
    {
        var e = Assert.Throws<InvalidOperationException>(() => FeatureSet.Define("test", [(0, "a"), (2, "b"), (1, "c")]));
        Assert.Contains("\"b\"", e.Message);
    }

    [Fact]
    public void Every_slot_is_named_once_and_the_named_indices_point_at_their_names()
    {
        Assert.Equal(CandidateFeature.Set.Count, CandidateFeature.Set.Names.Distinct().Count());
        Assert.Equal("docCoverage", CandidateFeature.Set.Names[CandidateFeature.DocCoverage]);
        Assert.Equal("type:Entity", CandidateFeature.Set.Names[CandidateFeature.Type(Core.Questions.AnswerType.Entity)]);
        Assert.Equal("tokReranked", CandidateFeature.Set.Names[^1]);
        Assert.Equal("topTokWorstCovered", AbstentionFeature.Set.Names[^1]);
        Assert.Equal(CandidateFeature.SoftCoverage, CandidateFeature.Set.IndexOf("softCoverage"));
        Assert.Throws<ArgumentException>(() => CandidateFeature.Set.IndexOf("nope"));
    }
}
