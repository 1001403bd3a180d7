namespace Bot.Core.Answering.Ranking;

/// <summary>Reading a set's models ahead of the first question.</summary>
public static class RankingModelsExtensions
{
    /// <summary>
    /// Reads the models a question will rank and abstain with (the vector ones and the re-ranker when
    /// <paramref name="vectors"/>, else the lexical ones), so a one-shot <c>bot ask</c> parses them (JSON, and the
    /// compilation of its readers) on another thread while the index is checked and the model loads, instead of after
    /// the model is ready. A file that fails to read fails here and again, with the same error, where the answerer uses it.
    /// </summary>
    public static void Preload(this IRankingModels models, bool vectors)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (vectors)
        {
            _ = models.VectorRanker;
            _ = models.TokenReranker;
            _ = models.VectorAbstainerTrees;
            _ = models.VectorAbstainer;
        }
        else
        {
            _ = models.Ranker;
            _ = models.AbstainerTrees;
            _ = models.Abstainer;
        }
    }
}
