namespace Bot.Train;

/// <summary>Diagnostics of `abstainer` that change no written file.</summary>
/// <param name="CrossCheckTrees">Tree counts to add to the two-fold cross-check.</param>
/// <param name="TreeSweep">Tree counts whose leave-one-article-out figures to print.</param>
/// <param name="Blend">Print the leave-one-article-out figures of a linear + 200 trees blend.</param>
/// <param name="RowsFile">Write every training row here (tab-separated).</param>
/// <param name="RowsOnly">Stop after writing <paramref name="RowsFile"/>.</param>
/// <param name="OofPrefix">Write each evaluated abstainer's leave-one-article-out probabilities to PREFIX.NAME.tsv.</param>
/// <param name="MisjudgedFile">Write the training questions the final linear abstainer gets wrong here.</param>
/// <param name="ChainPrefix">Write the whole chain's leave-one-article-out probabilities (ranker and trees refitted without each article) to PREFIX.chain.tsv.</param>
/// <param name="FoldModelsDir">Write each second-set article's out-of-fold abstainers and questions to DIR/ARTICLE (<see cref="FoldModels"/>).</param>
/// <param name="RankerFolder">The folder of the ranker the abstainer learns (copied into each fold's folder).</param>
internal sealed record AbstainerReports(IReadOnlyList<int> CrossCheckTrees, IReadOnlyList<int> TreeSweep, bool Blend, string? RowsFile, bool RowsOnly,
    string? OofPrefix, string? MisjudgedFile, string? ChainPrefix = null, string? FoldModelsDir = null, string RankerFolder = ".")
{
    public static AbstainerReports None { get; } = new([], [], false, null, false, null, null);
}
