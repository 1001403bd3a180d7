using System.CommandLine;

namespace Bot.Train.Commands;

/// <summary>`Bot.Train diagnose features|ablation|rows`: measurements that write no model.</summary>
internal static class DiagnoseCommand
{
    public static Command Create() => new("diagnose", "Measure the features and the training data; writes no model")
    {
        Features(),
        Ablation(),
        Rows(),
    };

    private static Command Features()
    {
        var input = new InputOptions();
        var command = new Command("features", "Print each ranker feature's top-1 alone on the answerable tuning questions, per tuning article");
        input.AddTo(command);
        command.SetAction((parse, ct) => Diagnostics.FeaturesAsync(input.Input(parse), input.Rerank(parse), input.Models(parse, null), ct));
        return command;
    }

    private static Command Ablation()
    {
        var input = new InputOptions();
        var fit = new FitOptions();
        var command = new Command("ablation", "Print the ranker's leave-one-article-out top-1 without each feature in turn (about 15 minutes)");
        input.AddTo(command);
        fit.AddTo(command);
        command.SetAction((parse, ct) => Diagnostics.AblationAsync(input.Input(parse), input.Rerank(parse), input.Models(parse, null), fit.Fit(parse), ct));
        return command;
    }

    private static Command Rows()
    {
        var input = new InputOptions();
        var fit = new FitOptions();
        var abstainer = new AbstainerOptions();
        var models = new Option<string>("--ranker-folder")
        {
            Description = "Folder the ranker is read from unless --ranker (and the first stage with --rerank unless --models)",
            Required = true,
        };
        var output = new Option<string>("--rows") { Description = "File the abstainer's training rows are written to (tab-separated, one header line)", Required = true };
        var command = new Command("rows", "Write every abstainer training row (label, run, article, features, question => best sentence) and stop") { models, output };
        input.AddTo(command);
        fit.AddTo(command);
        abstainer.AddTo(command);
        command.SetAction((parse, ct) => AbstainerCommand.RunAsync(parse, input, fit, abstainer, parse.GetValue(models)!,
            AbstainerReports.None with { RowsFile = parse.GetValue(output), RowsOnly = true }, ct));
        return command;
    }
}
