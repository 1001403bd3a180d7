using System.CommandLine;
using System.Text.Json;
using Bot.Cli.Rendering;
using Bot.Core.Evaluation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Cli.Commands;

/// <summary>
/// `bot eval --docs DIR --questions FILE [--json OUT] [--limit N] [--baseline] [--no-out-of-corpus] [--dump FILE]`: measures answer
/// quality on a throw-away index of DIR and prints it beside plain BM25.
/// </summary>
public static class EvalCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new(AnswerJson.Options) { WriteIndented = true };

    public static Command Create()
    {
        var docs = new Option<string>("--docs") { Description = "Folder of articles to index (a throw-away index is built)", Required = true };
        var questions = new Option<string>("--questions") { Description = "Questions file, JSON Lines: SQuAD-style (id, question, doc, paragraph, answers, answerable) or news-dev-style (q, expect, doc, kind, abstain)", Required = true };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file (- for standard output)" };
        var limit = new Option<int>("--limit") { Description = "Ask at most N questions, spread evenly over the file (0 = all)" };
        limit.Between(0, int.MaxValue, "0 or more");
        var baseline = new Option<bool>("--baseline") { Description = "Also run plain BM25 over sentences and print it beside ours" };
        var noSplit = new Option<bool>("--no-out-of-corpus") { Description = "Skip the out-of-corpus check (half the articles indexed, the other half's questions asked)" };
        var dump = new Option<string?>("--dump") { Description = "Diagnostics: write one JSON line per question asked (stage, kind, answered, confidence, first quote, the ranker's best sentence and top five, note, gold rank, milliseconds) to this file" };
        var command = new Command("eval", "Measure answer quality on a question set") { docs, questions, json, limit, baseline, noSplit, dump };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async services =>
        {
            var runner = new EvalRunner(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<ILoggerFactory>());
            var settings = new EvalSettings(parse.GetValue(docs)!, parse.GetValue(questions)!, parse.GetValue(limit), parse.GetValue(baseline), !parse.GetValue(noSplit), parse.GetValue(dump));
            EvalReport report;
            try
            {
                report = await EvalRenderer.WithProgressAsync(Consoles.Error, p => runner.RunAsync(settings, p, ct)).ConfigureAwait(false);
            }
            catch (FileNotFoundException e) { return CommandRunner.Fail(e.Message, ExitCodes.Failure); }
            catch (InvalidDataException e) { return CommandRunner.Fail(e.Message, ExitCodes.UsageError); }

            var outPath = parse.GetValue(json);
            var text = JsonSerializer.Serialize(report, JsonOptions);
            if (outPath == "-") Console.Out.WriteLine(text);
            else
            {
                EvalRenderer.Render(Consoles.Out, report);
                if (outPath is not null) await File.WriteAllTextAsync(outPath, text + Environment.NewLine, ct).ConfigureAwait(false);
            }
            return ExitCodes.Answered;
        }));
        return command;
    }
}
