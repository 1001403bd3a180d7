using Bot.Core.Evaluation;

namespace Bot.Train;

/// <summary>
/// What every subcommand reads: the evaluation set (its tuning half only) and the embedding model the indexes use.
/// </summary>
/// <param name="EmbeddingModel">A packaged or downloaded ONNX model (Bot:Embeddings:Provider=onnx); null leaves
/// Bot:Embeddings to the environment (Bot__Embeddings__*), lexical when unset.</param>
/// <param name="Extra">A second set whose articles the models also learn from (see <see cref="ExtraCorpus"/>), or null.</param>
internal sealed record TrainingInput(string DocsPath, string QuestionsPath, string? EmbeddingModel, ExtraCorpus? Extra = null)
{
    /// <summary>Where an article is read from: the evaluation set's folder, else the extra set's.</summary>
    public string PathOf(string doc) =>
        Extra is not null && !File.Exists(Path.Combine(DocsPath, doc)) ? Path.Combine(Extra.DocsPath, doc) : Path.Combine(DocsPath, doc);

    /// <summary>Whether the indexes carry sentence vectors, so the models are the <c>*-vectors.json</c> set.</summary>
    public bool UsesVectors => EmbeddingModel is not null
        || Environment.GetEnvironmentVariable("Bot__Embeddings__Provider") is { Length: > 0 } provider && !provider.Equals("none", StringComparison.OrdinalIgnoreCase);

    /// <summary>The file-name suffix of the model set being trained.</summary>
    public string Suffix => UsesVectors ? "-vectors" : "";

    /// <summary>The tuning articles (even positions in path order, see <see cref="EvalSplit"/>) and their questions; the untouched half is never read.</summary>
    public async Task<(List<string> Tuning, List<EvalQuestion> Questions)> LoadTuningAsync(CancellationToken ct)
    {
        var all = await EvalQuestionLoader.LoadAsync(QuestionsPath, ct);
        var docs = Directory.GetFiles(DocsPath).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var tuning = EvalSplit.TuningDocs(docs).ToList();
        var questions = all.Where(q => tuning.Contains(q.Doc)).ToList();
        Console.WriteLine($"tuning articles: {string.Join(", ", tuning)}; {questions.Count} questions");
        return (tuning, questions);
    }
}
