using System.CommandLine;
using System.Text.Json;
using Bot.Cli.Rendering;
using Bot.Core.Indexing;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Cli.Commands;

/// <summary>`bot index [--full] [--json]`: brings the index in line with the seeds folder.</summary>
public static class IndexCommand
{
    public static Command Create()
    {
        var full = new Option<bool>("--full") { Description = "Rebuild every document, not only what changed" };
        var json = new Option<bool>("--json") { Description = "Print the counts as JSON" };
        var command = new Command("index", "Index the seeds folder (incremental)") { full, json };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async services =>
        {
            var indexer = services.GetRequiredService<IIndexer>();
            bool asJson = parse.GetValue(json);
            var report = await IndexRunner.RunAsync(asJson ? Consoles.Error : Consoles.Out, indexer, parse.GetValue(full), quietWhenUnchanged: asJson, ct).ConfigureAwait(false);
            if (asJson)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    added = report.Added, updated = report.Updated, renamed = report.Renamed, removed = report.Removed,
                    unchanged = report.Unchanged, duplicates = report.Duplicates, seconds = Math.Round(report.Elapsed.TotalSeconds, 3),
                    problems = report.Problems.Select(p => new { path = p.Path, message = p.Message, skipped = p.Skipped }),
                }, AnswerJson.Options));
            }
            return ExitCodes.Answered;
        }));
        return command;
    }
}
