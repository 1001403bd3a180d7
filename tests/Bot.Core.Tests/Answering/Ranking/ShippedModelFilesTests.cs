using Bot.Core.Answering.Ranking;
using Bot.Core.Tests.TestSupport;

namespace Bot.Core.Tests.Answering.Ranking;

/// <summary>Pins every shipped model file to the feature set the code computes for it.</summary>
public sealed class ShippedModelFilesTests
{
    private static string ModelsFolder => Path.Combine(RepoPaths.Root, "src", "Bot.Core", "Answering", "Ranking", "Models");

    public static TheoryData<string> Files() => [.. RankingModelFiles.All.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_model_file_in_the_models_folder_is_one_the_code_knows()
    {
        var onDisk = Directory.GetFiles(ModelsFolder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(RankingModelFiles.All.Keys.Order(StringComparer.Ordinal), onDisk);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_shipped_model_file_names_exactly_the_features_of_its_set_in_order(string file)
    {
        var expected = RankingModelFiles.All[file];
        Stream Open(string name) => File.OpenRead(Path.Combine(ModelsFolder, name));

        IReadOnlyList<string> stored = RankingModelFiles.IsTrees(file)
            ? RankingModelFiles.ReadTrees(file, Open)!.Features
            : RankingModelFiles.ReadLinear(file, Open)!.Features;

        Assert.Equal(expected.Names, stored);
    }

    [Fact]
    public void The_embedded_models_load_checked_against_their_sets()
    {
        var shipped = new ShippedRankingModels();
        Assert.NotNull(shipped.Ranker);
        Assert.NotNull(shipped.Abstainer);
        Assert.NotNull(shipped.AbstainerTrees);
        Assert.NotNull(shipped.VectorRanker);
        Assert.NotNull(shipped.VectorAbstainer);
        Assert.NotNull(shipped.VectorAbstainerTrees);
        Assert.NotNull(shipped.TokenReranker);
        Assert.Equal("onnx:all-MiniLM-L6-v2", shipped.VectorRanker.EmbeddingModel);
    }

    [Fact]
    public void A_folder_of_models_loads_the_same_models_as_the_embedded_ones()
    {
        var folder = RankingModelSet.FromFolder(ModelsFolder);
        var shipped = ShippedRankingModels.Instance;
        Assert.Equal(shipped.Ranker!.ToJson(), folder.Ranker!.ToJson());
        Assert.Equal(shipped.VectorAbstainerTrees!.ToJson(), folder.VectorAbstainerTrees!.ToJson());
        Assert.Equal(shipped.TokenReranker!.ToJson(), folder.TokenReranker!.ToJson());
    }

    [Fact]
    public void The_vector_trees_hold_news_documents_to_their_own_threshold_and_the_lexical_trees_have_none()
    {
        var shipped = ShippedRankingModels.Instance;
        // The trainer's --reference-threshold and --news-threshold (Models/README.md, the fifth command).
        Assert.Equal((0.6654, 0.3201), (shipped.VectorAbstainerTrees!.Threshold, shipped.VectorAbstainerTrees.NewsThreshold));
        Assert.Null(shipped.AbstainerTrees!.NewsThreshold);
    }
}
