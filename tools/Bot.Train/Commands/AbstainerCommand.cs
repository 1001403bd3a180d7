using System.CommandLine;
using Bot.Core.Answering.Ranking;

namespace Bot.Train.Commands;

/// <summary>`Bot.Train abstainer`: fits and writes the abstention classifiers on a trained ranker's scores.</summary>
internal static class AbstainerCommand
{
    public static Command Create()
    {
        var input = new InputOptions();
        var fit = new FitOptions();
        var abstainer = new AbstainerOptions();
        var output = new Option<string>("--out")
        {
            Description = "Folder the models are written to (and the ranker read from unless --ranker); src/Bot.Core/Answering/Ranking/Models to ship them",
            Required = true,
        };
        var crossCheckTrees = new Option<string[]>("--cross-check-trees")
        {
            Description = "Also cross-check boosted trees of these sizes (comma-separated round counts) in the two-fold check", AllowMultipleArgumentsPerToken = true,
        };
        var treeSweep = new Option<string[]>("--tree-sweep")
        {
            Description = "Print leave-one-article-out figures of trees of these sizes (comma-separated round counts)", AllowMultipleArgumentsPerToken = true,
        };
        var blend = new Option<bool>("--blend") { Description = "Print leave-one-article-out figures of a linear + 200 trees blend" };
        var oofDump = new Option<string?>("--oof-dump") { Description = "Write each evaluated abstainer's leave-one-article-out probabilities to PREFIX.NAME.tsv" };
        var chain = new Option<string?>("--chain-oof")
        {
            Description = "Write the whole chain's leave-one-article-out probabilities (ranker refitted without each article, with --also-ranker-weight, then the trees) to PREFIX.chain.tsv",
        };
        var foldModels = new Option<string?>("--fold-models")
        {
            Description = "Also write, for each article of the --also set, the abstainers trained without its questions (and its share of the general off-topic " +
                "ones) to DIR/ARTICLE, beside copies of the rankers and with those questions in DIR/ARTICLE/questions.jsonl (scripts/news-oof-eval.sh evaluates them)",
        };
        var misjudged = new Option<string?>("--misjudged") { Description = "Write the training questions the final linear abstainer gets wrong to this file" };
        var rows = new Option<string?>("--rows") { Description = "Also write every training row (label, run, article, features, question => best sentence) to this file" };
        var command = new Command("abstainer", "Fit the abstention classifiers (linear and boosted trees) on a ranker's scores and write abstainer.json and " +
            "abstainer-trees.json (the -vectors pair with --embedding-model)") { output, crossCheckTrees, treeSweep, blend, oofDump, chain, foldModels, misjudged, rows };
        input.AddTo(command);
        fit.AddTo(command);
        abstainer.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var outDir = parse.GetValue(output)!;
            var reports = new AbstainerReports(Counts(parse.GetValue(crossCheckTrees)), Counts(parse.GetValue(treeSweep)), parse.GetValue(blend),
                parse.GetValue(rows), false, parse.GetValue(oofDump), parse.GetValue(misjudged), parse.GetValue(chain), parse.GetValue(foldModels));
            return RunAsync(parse, input, fit, abstainer, outDir, reports, ct);
        });
        return command;
    }

    /// <summary>Reads the ranker, then fits (or, with <see cref="AbstainerReports.RowsOnly"/>, only writes the rows).</summary>
    public static Task<int> RunAsync(ParseResult parse, InputOptions input, FitOptions fit, AbstainerOptions abstainer, string outDir, AbstainerReports reports, CancellationToken ct)
    {
        var training = input.Input(parse);
        bool rerank = input.Rerank(parse);
        var path = abstainer.RankerPath(parse, training, rerank, outDir);
        using var stream = File.OpenRead(path);
        var ranker = LinearModel.Read(stream, CandidateFeature.Set, path);
        return AbstainerTraining.RunAsync(training, ranker, outDir, rerank, input.Models(parse, outDir), fit.Fit(parse), abstainer.Settings(parse),
            reports with { RankerFolder = Path.GetDirectoryName(Path.GetFullPath(path))! }, ct);
    }

    /// <summary>Round counts given as "100,400" or repeated.</summary>
    private static IReadOnlyList<int> Counts(string[]? values) =>
        RankerCommand.Names(values).Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
}
