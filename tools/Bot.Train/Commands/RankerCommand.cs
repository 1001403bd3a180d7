using System.CommandLine;

namespace Bot.Train.Commands;

/// <summary>`Bot.Train ranker`: fits and writes the sentence ranker.</summary>
internal static class RankerCommand
{
    public static Command Create()
    {
        var input = new InputOptions();
        var fit = new FitOptions();
        var output = new Option<string>("--out") { Description = "Folder the model is written to (src/Bot.Core/Answering/Ranking/Models to ship it)", Required = true };
        var noCv = new Option<bool>("--no-cv") { Description = "Skip the leave-one-article-out estimate (it changes no written file)" };
        var drop = new Option<string[]>("--drop")
        {
            Description = "Zero these ranker features (names as in the model file, comma-separated or repeated) to compare figures without them",
            AllowMultipleArgumentsPerToken = true,
        };
        var dump = new Option<string?>("--dump") { Description = "Write the tuning questions the final ranker gets wrong to this file" };
        var cvWeights = new Option<string[]>("--cv-weights")
        {
            Description = "Print the leave-one-article-out estimate with the second set's questions counted each of these times (comma-separated; 0: not learnt); " +
                "the written ranker still uses --also-ranker-weight",
            AllowMultipleArgumentsPerToken = true,
        };
        var cvWithout = new Option<string[]>("--cv-without")
        {
            Description = "Also print the leave-one-article-out estimate without each of these features (zeroed; comma-separated)", AllowMultipleArgumentsPerToken = true,
        };
        var rows = new Option<string?>("--rows")
        {
            Description = "Write every answerable question's candidates with their features and gold labels to this file (tab-separated, both sets)",
        };
        var command = new Command("ranker", "Fit the sentence ranker on the tuning half's answerable questions and write ranker.json " +
            "(ranker-vectors.json with --embedding-model, reranker-tokens.json with --rerank)") { output, noCv, drop, dump, cvWeights, cvWithout, rows };
        input.AddTo(command);
        fit.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var outDir = parse.GetValue(output)!;
            return RankerTraining.RunAsync(input.Input(parse), fit.Fit(parse), Names(parse.GetValue(drop)), outDir, input.Rerank(parse), input.Models(parse, outDir),
                !parse.GetValue(noCv), parse.GetValue(dump), ct,
                Names(parse.GetValue(cvWeights)).Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList(),
                Names(parse.GetValue(cvWithout)), parse.GetValue(rows));
        });
        return command;
    }

    /// <summary>Values given as "a,b" or repeated.</summary>
    public static IReadOnlyList<string> Names(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}
