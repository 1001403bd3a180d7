namespace Bot.Core.Answering.Ranking;

/// <summary>
/// The models shipped inside Bot.Core (embedded resources written by tools/Bot.Train), each read on first use and checked
/// against its feature set: a file that does not match the code fails loudly rather than scoring wrong.
/// </summary>
public sealed class ShippedRankingModels : IRankingModels
{
    private readonly Lazy<LinearModel?> _ranker = Linear(RankingModelFiles.Ranker);
    private readonly Lazy<LinearModel?> _abstainer = Linear(RankingModelFiles.Abstainer);
    private readonly Lazy<BoostedTrees?> _abstainerTrees = Trees(RankingModelFiles.AbstainerTrees);
    private readonly Lazy<LinearModel?> _vectorRanker = Linear(RankingModelFiles.VectorRanker);
    private readonly Lazy<LinearModel?> _vectorAbstainer = Linear(RankingModelFiles.VectorAbstainer);
    private readonly Lazy<BoostedTrees?> _vectorAbstainerTrees = Trees(RankingModelFiles.VectorAbstainerTrees);
    private readonly Lazy<LinearModel?> _tokenReranker = Linear(RankingModelFiles.TokenReranker);

    /// <summary>One instance per process is enough (the files never change while it runs).</summary>
    public static ShippedRankingModels Instance { get; } = new();

    public LinearModel? Ranker => _ranker.Value;

    public LinearModel? Abstainer => _abstainer.Value;

    public BoostedTrees? AbstainerTrees => _abstainerTrees.Value;

    public LinearModel? VectorRanker => _vectorRanker.Value;

    public LinearModel? VectorAbstainer => _vectorAbstainer.Value;

    public BoostedTrees? VectorAbstainerTrees => _vectorAbstainerTrees.Value;

    public LinearModel? TokenReranker => _tokenReranker.Value;

    private static Lazy<LinearModel?> Linear(string file) => new(() => RankingModelFiles.ReadLinear(file, RankingModelFiles.OpenShipped));

    private static Lazy<BoostedTrees?> Trees(string file) => new(() => RankingModelFiles.ReadTrees(file, RankingModelFiles.OpenShipped));
}
