using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Bot.Cli.Rendering;
using Bot.Core.Indexing;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Bot.Cli.Commands;

/// <summary>`bot sources [--json]`: indexed documents, their passage counts and when they were indexed.</summary>
public static class SourcesCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print as JSON" };
        var command = new Command("sources", "List the indexed documents (refreshing the index first) and the active retrieval") { json };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async services =>
        {
            // Like ask and chat: list what the seeds folder holds now, not what the last run saw.
            await CommandRunner.EnsureIndexAsync(services, ct).ConfigureAwait(false);
            var catalog = services.GetRequiredService<ISourceCatalog>();
            var sources = await catalog.ListSourcesAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new { retrieval = catalog.RetrievalMode, index = catalog.IndexStore, documents = sources }, AnswerJson.Options));
                return ExitCodes.Answered;
            }
            Render(Consoles.Out, sources, catalog.RetrievalMode);
            Consoles.Out.MarkupLine($"index: {TerminalText.Markup(catalog.IndexStore)}");
            return ExitCodes.Answered;
        }, readsSeeds: true));
        return command;
    }

    public static void Render(IAnsiConsole console, IReadOnlyList<SourceSummary> sources, string retrievalMode)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(sources);
        var table = new Table().AddColumns("#", "Title", "Source", "Date", "Path", "¶", "Passages", "Indexed (UTC)");
        foreach (var (s, i) in sources.Select((s, i) => (s, i + 1)))
            table.AddRow(i.ToString(CultureInfo.InvariantCulture), TerminalText.Markup(s.Title), TerminalText.Markup(s.Source ?? ""),
                TerminalText.Markup(new Bot.Core.Documents.DocumentCitation(null, s.Date, null, null).DisplayDate ?? ""),
                TerminalText.Markup(s.PagesWithoutText is null ? s.Path : $"{s.Path} (no text on page {s.PagesWithoutText})"),
                s.Paragraphs.ToString(CultureInfo.InvariantCulture), s.Passages.ToString(CultureInfo.InvariantCulture),
                s.IndexedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        console.Write(table);
        console.MarkupLine($"{sources.Count} document(s); retrieval: {TerminalText.Markup(retrievalMode)}");
    }
}
