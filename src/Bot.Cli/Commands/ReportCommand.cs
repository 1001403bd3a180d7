using System.CommandLine;
using System.Text.Json;
using Bot.Cli.Rendering;
using Bot.Core.Feedback;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Bot.Cli.Commands;

/// <summary>
/// `bot report [--json] [--since 7d] [--html FILE]`: from the question log, questions asked and the share answered,
/// refused questions grouped by topic, the worst-rated answers and the documents never quoted. Reads the index as it is
/// (no refresh); only rows past the retention are deleted first.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object" };
        var since = new Option<string?>("--since") { Description = SinceOption.Help };
        since.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } s && SinceOption.Parse(s, DateTimeOffset.UtcNow) is null)
                r.AddError($"--since: '{s}' is not a period such as 24h, 7d or 2w, nor a date such as 2026-12-01.");
        });
        var html = new Option<FileInfo?>("--html") { Description = "Also write the report as one self-contained HTML page to this file" };
        var command = new Command("report", "Report from the question log: use, unanswered topics, ratings, documents never quoted") { json, since, html };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async services =>
        {
            var from = parse.GetValue(since) is { } s ? SinceOption.Parse(s, DateTimeOffset.UtcNow) : null;
            var report = await services.GetRequiredService<FeedbackReporter>().BuildAsync(from, ct).ConfigureAwait(false);
            if (parse.GetValue(html) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, ReportHtml.Render(report), ct).ConfigureAwait(false);
                Consoles.Error.MarkupLine($"[grey]wrote {TerminalText.Markup(file.FullName)}[/]");
            }
            if (parse.GetValue(json)) Console.Out.WriteLine(JsonSerializer.Serialize(report, ReportJsonOptions));
            else ReportRenderer.Render(Consoles.Out, report, services.GetRequiredService<QuestionLog>().Enabled);
            return ExitCodes.Answered;
        }));
        return command;
    }

    private static readonly JsonSerializerOptions ReportJsonOptions = new(FeedbackJson.Options) { WriteIndented = true };
}
