using System.CommandLine;
using Bot.Core.Answering.Ranking;

namespace Bot.Train.Commands;

/// <summary>How the abstainer's training rows are made and which ranker scores them (`abstainer`, `diagnose rows`).</summary>
internal sealed class AbstainerOptions
{
    private readonly Option<string?> _ranker = new("--ranker")
    {
        Description = "The ranker whose scores the abstainer learns (default: the --out folder's ranker.json, ranker-vectors.json, or reranker-tokens.json with --rerank)",
    };

    private readonly Option<double> _lostTarget = new("--lost-target")
    {
        Description = "Share of the answerable tuning questions the abstainers' thresholds may lose",
        DefaultValueFactory = _ => 0.05,
    };

    private readonly Option<int> _treeRounds = new("--tree-rounds") { Description = "Boosted trees in the trees file (0: write no trees file)", DefaultValueFactory = _ => 200 };

    private readonly Option<double> _treeRate = new("--tree-rate") { Description = "The boosted trees' learning rate", DefaultValueFactory = _ => 0.1 };

    private readonly Option<bool> _pairs = new("--pairs")
    {
        Description = "Add leave-two-articles-out runs as extra training rows (off: it did not help, see docs/eval.md)",
    };

    private readonly Option<bool> _holes = new("--holes")
    {
        Description = "Add runs where one article loses every other paragraph: its questions about the removed paragraphs are out of corpus next to their own topic",
    };

    private readonly Option<bool> _unanswerable = new("--unanswerable")
    {
        Description = "Add SQuAD 2.0's unanswerable questions about the indexed articles as negatives",
    };

    private readonly Option<bool> _crossFit = new("--cross-fit")
    {
        Description = "Score each question's candidates with the ranker trained without its article (fitted here with the --l2/--iterations/--sweeps options) instead of --ranker",
    };

    private readonly Option<string> _thresholdFolds = new("--threshold-folds")
    {
        Description = "What the trees' out-of-fold threshold holds out: run (each leave-one-article-out run's rows; their answerable questions stay in the other runs) " +
            "or article (every row of one article's questions, a second-set article with its share of the general off-topic questions), " +
            "or also-article (the second set's rows by article, the first set's by run)",
        DefaultValueFactory = _ => "run",
    };

    private readonly Option<string> _thresholdSet = new("--threshold-set")
    {
        Description = "Whose answerable questions the thresholds' lost share (--lost-target) counts: all (the first and second sets' together) " +
            "or first (the first set's, SQuAD's tuning half, only: the second set shapes the classifier but not where it cuts)",
        DefaultValueFactory = _ => "all",
    };

    private readonly Option<double?> _referenceThreshold = new("--reference-threshold")
    {
        Description = "Write this as the trees' threshold (the one reference documents are held to) instead of the out-of-fold rule's (which is still printed)",
    };

    private readonly Option<bool> _newsThreshold = new("--news-threshold")
    {
        Description = "Also write the trees' news threshold (for best sentences from news documents): the out-of-fold probability below which --lost-target " +
            "of the second set's answerable questions fall (needs --also-docs; use with --threshold-folds also-article)",
    };

    private readonly Option<string?> _treeBlendWithout = new("--tree-blend-without")
    {
        Description = "Blend the trees with as many fitted without these features (comma-separated AbstentionFeature names, zeroed), leaf values halved: " +
            "one trees file of twice the trees (measured, not shipped: docs/eval.md, \"Abstainer features for unseen news\")",
    };

    public void AddTo(Command command)
    {
        _thresholdFolds.AcceptOnlyFromAmong([.. AbstainerSettings.ThresholdFoldKinds]);
        _thresholdSet.AcceptOnlyFromAmong("all", "first");
        foreach (var option in new Option[] { _ranker, _lostTarget, _treeRounds, _treeRate, _pairs, _holes, _unanswerable, _crossFit, _thresholdFolds, _thresholdSet, _referenceThreshold, _newsThreshold, _treeBlendWithout }) command.Options.Add(option);
    }

    public AbstainerSettings Settings(ParseResult parse) => new(parse.GetValue(_lostTarget), parse.GetValue(_treeRounds), parse.GetValue(_treeRate),
        parse.GetValue(_pairs), parse.GetValue(_holes), parse.GetValue(_unanswerable), parse.GetValue(_crossFit), parse.GetValue(_thresholdFolds)!,
        parse.GetValue(_thresholdSet) == "first", parse.GetValue(_referenceThreshold), parse.GetValue(_newsThreshold),
        BlendWithout(parse.GetValue(_treeBlendWithout)));

    /// <summary>The --tree-blend-without names, each checked against the abstainer's features before any row is gathered.</summary>
    private static string[]? BlendWithout(string? value)
    {
        if (value is not { Length: > 0 }) return null;
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in names) AbstentionFeature.Set.IndexOf(name);
        return names;
    }

    /// <summary>The ranker file: --ranker, else the one the `ranker` command wrote to <paramref name="outDir"/> for this set.</summary>
    public string RankerPath(ParseResult parse, TrainingInput input, bool rerank, string outDir) =>
        parse.GetValue(_ranker) ?? Path.Combine(outDir, RankerTraining.FileName(input, rerank));
}
