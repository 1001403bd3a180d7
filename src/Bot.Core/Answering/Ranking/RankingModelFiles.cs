namespace Bot.Core.Answering.Ranking;

/// <summary>
/// The model files the answerer knows, each with the feature set it must be trained on: the one place that pairs a
/// file name with its <see cref="FeatureSet"/>, for loading (shipped or from a folder), for the trainer's output and for
/// the test that pins the shipped files.
/// </summary>
public static class RankingModelFiles
{
    public const string Ranker = "ranker.json", Abstainer = "abstainer.json", AbstainerTrees = "abstainer-trees.json",
        VectorRanker = "ranker-vectors.json", VectorAbstainer = "abstainer-vectors.json", VectorAbstainerTrees = "abstainer-trees-vectors.json",
        TokenReranker = "reranker-tokens.json";

    /// <summary>Every known file name and the feature set of its model.</summary>
    public static IReadOnlyDictionary<string, FeatureSet> All { get; } = new Dictionary<string, FeatureSet>(StringComparer.Ordinal)
    {
        [Ranker] = CandidateFeature.Set, [VectorRanker] = CandidateFeature.Set, [TokenReranker] = CandidateFeature.Set,
        [Abstainer] = AbstentionFeature.Set, [VectorAbstainer] = AbstentionFeature.Set,
        [AbstainerTrees] = AbstentionFeature.Set, [VectorAbstainerTrees] = AbstentionFeature.Set,
    };

    /// <summary>Whether the file holds boosted trees (else a linear model).</summary>
    public static bool IsTrees(string file) => file is AbstainerTrees or VectorAbstainerTrees;

    /// <summary>Reads a linear model file, checked against its feature set; null when <paramref name="open"/> has no such file.</summary>
    public static LinearModel? ReadLinear(string file, Func<string, Stream?> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        using var stream = open(file);
        return stream is null ? null : LinearModel.Read(stream, All[file], file);
    }

    /// <summary>Reads a boosted-trees file, checked against its feature set; null when <paramref name="open"/> has no such file.</summary>
    public static BoostedTrees? ReadTrees(string file, Func<string, Stream?> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        using var stream = open(file);
        return stream is null ? null : BoostedTrees.Read(stream, All[file], file);
    }

    /// <summary>Opens a shipped model (an embedded resource of Bot.Core), or null when it does not ship.</summary>
    public static Stream? OpenShipped(string file)
    {
        var assembly = typeof(RankingModelFiles).Assembly;
        var resource = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith("." + file, StringComparison.Ordinal));
        return resource is null ? null : assembly.GetManifestResourceStream(resource);
    }
}
