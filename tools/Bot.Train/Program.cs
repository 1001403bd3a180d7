using System.CommandLine;
using Bot.Train.Commands;

// Trains the sentence ranker and the abstention classifiers on the TUNING half of an evaluation set (articles at even
// positions, see EvalSplit) and writes them where Bot.Core embeds them. The untouched half is never read here. The
// commands that reproduce the shipped models: src/Bot.Core/Answering/Ranking/Models/README.md.
var root = new RootCommand("Bot.Train: fits the answerer's ranker and abstainers on the tuning half of an evaluation set")
{
    RankerCommand.Create(),
    AbstainerCommand.Create(),
    DiagnoseCommand.Create(),
};
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors) Console.Error.WriteLine($"error: {error.Message}");
    Console.Error.WriteLine("Run 'Bot.Train --help' for usage.");
    return 2;
}
return await parse.InvokeAsync();
