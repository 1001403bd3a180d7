namespace Bot.Core.Answering.Ranking;

/// <summary>
/// A fixed set of models handed to the answerer instead of the shipped ones: the trainer's freshly written files, or a
/// test's. <see cref="From"/> copies another set so a caller can replace one model with <c>with</c>.
/// </summary>
public sealed record RankingModelSet(
    LinearModel? Ranker = null,
    LinearModel? Abstainer = null,
    BoostedTrees? AbstainerTrees = null,
    LinearModel? VectorRanker = null,
    LinearModel? VectorAbstainer = null,
    BoostedTrees? VectorAbstainerTrees = null,
    LinearModel? TokenReranker = null) : IRankingModels
{
    public static RankingModelSet From(IRankingModels models)
    {
        ArgumentNullException.ThrowIfNull(models);
        return new(models.Ranker, models.Abstainer, models.AbstainerTrees, models.VectorRanker, models.VectorAbstainer, models.VectorAbstainerTrees, models.TokenReranker);
    }

    /// <summary>The model files of <paramref name="folder"/> (the names of <see cref="RankingModelFiles"/>), each checked against its feature set; absent files are null.</summary>
    public static RankingModelSet FromFolder(string folder)
    {
        Stream? Open(string file)
        {
            var path = Path.Combine(folder, file);
            return File.Exists(path) ? File.OpenRead(path) : null;
        }
        return new(
            RankingModelFiles.ReadLinear(RankingModelFiles.Ranker, Open),
            RankingModelFiles.ReadLinear(RankingModelFiles.Abstainer, Open),
            RankingModelFiles.ReadTrees(RankingModelFiles.AbstainerTrees, Open),
            RankingModelFiles.ReadLinear(RankingModelFiles.VectorRanker, Open),
            RankingModelFiles.ReadLinear(RankingModelFiles.VectorAbstainer, Open),
            RankingModelFiles.ReadTrees(RankingModelFiles.VectorAbstainerTrees, Open),
            RankingModelFiles.ReadLinear(RankingModelFiles.TokenReranker, Open));
    }
}
