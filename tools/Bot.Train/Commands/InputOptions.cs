using System.CommandLine;
using Bot.Core.Answering.Ranking;

namespace Bot.Train.Commands;

/// <summary>The options every subcommand takes: the evaluation set, the embedding model, and the models gathering uses.</summary>
internal sealed class InputOptions
{
    private readonly Option<string> _docs = new("--docs")
    {
        Description = "Folder of the evaluation set's articles; only the tuning half (even positions in path order) is read",
        Required = true,
    };

    private readonly Option<string> _questions = new("--questions")
    {
        Description = "The evaluation set's questions, JSON Lines (id, question, doc, paragraph, answers, answerable)",
        Required = true,
    };

    private readonly Option<string?> _embeddingModel = new("--embedding-model")
    {
        Description = "Index with this ONNX embedding model (e.g. all-MiniLM-L6-v2, the packaged one) and train the *-vectors.json set; " +
            "without it Bot__Embeddings__* in the environment decide, lexical (ranker.json, abstainer*.json) when unset",
    };

    private readonly Option<bool> _rerank = new("--rerank")
    {
        Description = "Train the second stage: candidates carry the late-interaction features of the first stage's best ones " +
            "(writes reranker-tokens.json; the abstainer then learns its scores). Needs --embedding-model with per-token output",
    };

    private readonly Option<string?> _models = new("--models")
    {
        Description = "Folder whose ranker-vectors.json is the first stage for --rerank (default: --out, where the vector ranker was just written)",
    };

    private readonly Option<string?> _alsoDocs = new("--also-docs")
    {
        Description = "Folder of a second evaluation set the models also learn from (news-dev); its articles are indexed on their own",
    };

    private readonly Option<string[]> _alsoQuestions = new("--also-questions")
    {
        Description = "The second set's questions (news-dev format: q, expect, doc, kind, abstain; or SQuAD's); repeat it to read several files " +
            "about the same --also-docs as one list (news-train's questions.jsonl, then questions-2.jsonl to questions-4.jsonl)",
    };

    private readonly Option<string> _alsoHalf = new("--also-half")
    {
        Description = "Which of the second set's articles to learn from: all (to ship), tuning or untouched (to measure the other half out of fold)",
        DefaultValueFactory = _ => "all",
    };

    private readonly Option<int> _alsoWeight = new("--also-weight")
    {
        Description = "How many times each abstainer row of the second set counts (it has far fewer questions than the first)",
        DefaultValueFactory = _ => 1,
    };

    private readonly Option<int> _alsoRankerWeight = new("--also-ranker-weight")
    {
        Description = "How many times each of the second set's questions counts in the ranker's fit (0: the ranker does not learn the second set)",
        DefaultValueFactory = _ => 0,
    };

    private readonly Option<int> _alsoRuns = new("--also-runs")
    {
        Description = "The second set's leave-out runs for the abstainer's rows: 0 (default) holds out each article in turn; K holds out K interleaved groups " +
            "of its articles (the i-th in path order in group i mod K), for a set of many articles",
        DefaultValueFactory = _ => 0,
    };

    private readonly Option<string?> _alsoHoldOut = new("--also-hold-out")
    {
        Description = "Learn the second set without this article's questions and its share of the general off-topic questions (its leave-one-article-out fold; " +
            "the article stays indexed), to measure it out of fold",
    };

    public void AddTo(Command command)
    {
        _alsoHalf.AcceptOnlyFromAmong([.. ExtraCorpus.Halves]);
        foreach (var option in new Option[] { _docs, _questions, _embeddingModel, _rerank, _models, _alsoDocs, _alsoQuestions, _alsoHalf, _alsoWeight, _alsoRankerWeight, _alsoHoldOut, _alsoRuns })
            command.Options.Add(option);
    }

    public TrainingInput Input(ParseResult parse)
    {
        var (alsoDocs, alsoQuestions) = (parse.GetValue(_alsoDocs), parse.GetValue(_alsoQuestions) ?? []);
        if ((alsoDocs is null) != (alsoQuestions.Length == 0)) throw new ArgumentException("--also-docs and --also-questions go together.");
        var holdOut = parse.GetValue(_alsoHoldOut);
        if (holdOut is not null && alsoDocs is null) throw new ArgumentException("--also-hold-out needs --also-docs and --also-questions.");
        var extra = alsoDocs is null ? null : new ExtraCorpus(alsoDocs, alsoQuestions, parse.GetValue(_alsoHalf)!, Math.Max(1, parse.GetValue(_alsoWeight)),
            Math.Max(0, parse.GetValue(_alsoRankerWeight)), holdOut, Math.Max(0, parse.GetValue(_alsoRuns)));
        return new(parse.GetValue(_docs)!, parse.GetValue(_questions)!, parse.GetValue(_embeddingModel), extra);
    }

    public bool Rerank(ParseResult parse) => parse.GetValue(_rerank);

    /// <summary>
    /// The models gathering uses: with --rerank, those of the --models folder (else <paramref name="outDir"/>), which must
    /// hold the first-stage vector ranker; otherwise no model is read (gathering needs one only to re-rank).
    /// </summary>
    public IRankingModels Models(ParseResult parse, string? outDir)
    {
        if (!Rerank(parse)) return new RankingModelSet();
        var folder = parse.GetValue(_models) ?? outDir ?? throw new ArgumentException("--rerank needs --models (the folder holding ranker-vectors.json).");
        var models = RankingModelSet.FromFolder(folder);
        if (models.VectorRanker is null) throw new FileNotFoundException($"--rerank needs the first stage: {Path.Combine(folder, RankingModelFiles.VectorRanker)} is missing.");
        return models;
    }
}
