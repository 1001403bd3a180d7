namespace Bot.Core.Answering.Ranking;

/// <summary>
/// The shipped models (embedded resources): the sentence ranker and the abstention classifier (boosted trees when
/// shipped, else the linear one); null when absent.
/// </summary>
public static class RankingModels
{
    private static readonly Lazy<LinearModel?> RankerModel = new(() => Load("ranker.json"));
    private static readonly Lazy<LinearModel?> AbstainerModel = new(() => Load("abstainer.json"));
    private static readonly Lazy<BoostedTrees?> AbstainerTreesModel = new(() => Read("abstainer-trees.json", BoostedTrees.Read));

    private static readonly Lazy<LinearModel?> VectorRankerModel = new(() => Load("ranker-vectors.json"));
    private static readonly Lazy<LinearModel?> VectorAbstainerModel = new(() => Load("abstainer-vectors.json"));
    private static readonly Lazy<BoostedTrees?> VectorAbstainerTreesModel = new(() => Read("abstainer-trees-vectors.json", BoostedTrees.Read));

    private static readonly Lazy<LinearModel?> TokenRerankerModel = new(() => Load("reranker-tokens.json"));

    public static LinearModel? Ranker => RankerModel.Value;

    /// <summary>
    /// The second stage over the vector ranker's best candidates: the same features plus the late-interaction ones
    /// (<see cref="TokenMatchFeatures"/>); the vector abstainer is trained on its scores.
    /// </summary>
    public static LinearModel? TokenReranker => TokenRerankerModel.Value;

    /// <summary>The ranker trained with sentence-embedding features (used when an embedding model is active).</summary>
    public static LinearModel? VectorRanker => VectorRankerModel.Value;

    public static LinearModel? VectorAbstainer => VectorAbstainerModel.Value;

    public static BoostedTrees? VectorAbstainerTrees => VectorAbstainerTreesModel.Value;

    public static LinearModel? Abstainer => AbstainerModel.Value;

    public static BoostedTrees? AbstainerTrees => AbstainerTreesModel.Value;

    private static LinearModel? Load(string name) => Read(name, LinearModel.Read);

    private static T? Read<T>(string name, Func<Stream, T> read) where T : class
    {
        var assembly = typeof(RankingModels).Assembly;
        var resource = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith("." + name, StringComparison.Ordinal));
        if (resource is null) return null;
        using var stream = assembly.GetManifestResourceStream(resource)!;
        return read(stream);
    }
}
