using Bot.Core.Answering.Ranking;

namespace Bot.Core.Tests.Answering.Ranking;

public sealed class RankingModelsPreloadTests
{
    /// <summary>Records which models were read.</summary>
    private sealed class Recording : IRankingModels
    {
        public List<string> Read { get; } = [];

        private T? Note<T>(string name) where T : class
        {
            Read.Add(name);
            return null;
        }

        public LinearModel? Ranker => Note<LinearModel>(nameof(Ranker));
        public LinearModel? Abstainer => Note<LinearModel>(nameof(Abstainer));
        public BoostedTrees? AbstainerTrees => Note<BoostedTrees>(nameof(AbstainerTrees));
        public LinearModel? VectorRanker => Note<LinearModel>(nameof(VectorRanker));
        public LinearModel? VectorAbstainer => Note<LinearModel>(nameof(VectorAbstainer));
        public BoostedTrees? VectorAbstainerTrees => Note<BoostedTrees>(nameof(VectorAbstainerTrees));
        public LinearModel? TokenReranker => Note<LinearModel>(nameof(TokenReranker));
    }

    [Fact]
    public void With_an_embedding_model_the_vector_models_and_the_reranker_are_read_ahead_and_no_lexical_one()
    {
        var models = new Recording();

        models.Preload(vectors: true);

        Assert.Equal(["TokenReranker", "VectorAbstainer", "VectorAbstainerTrees", "VectorRanker"], models.Read.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Without_one_the_lexical_models_are_read_ahead_and_no_vector_one()
    {
        var models = new Recording();

        models.Preload(vectors: false);

        Assert.Equal(["Abstainer", "AbstainerTrees", "Ranker"], models.Read.Order(StringComparer.Ordinal));
    }
}
