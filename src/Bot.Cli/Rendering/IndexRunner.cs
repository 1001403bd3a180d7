using Bot.Core.Indexing;
using Spectre.Console;

namespace Bot.Cli.Rendering;

/// <summary>Runs the indexer with a progress bar on a terminal and plain lines otherwise, then prints the counts.</summary>
public static class IndexRunner
{
    /// <param name="console">Where to report (standard error for commands whose standard output is data).</param>
    /// <param name="quietWhenUnchanged">`ask`/`chat` refresh silently when nothing changed.</param>
    public static async Task<IndexReport> RunAsync(IAnsiConsole console, IIndexer indexer, bool full, bool quietWhenUnchanged, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(indexer);
        IndexReport report;
        if (console.Profile.Capabilities.Interactive && !Console.IsErrorRedirected)
        {
            report = await console.Progress().AutoClear(true).HideCompleted(true).StartAsync(async ctx =>
            {
                var task = ctx.AddTask("Indexing seeds", maxValue: 1);
                var progress = new Progress<IndexProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                    if (p.CurrentPath is not null) task.Description = $"Indexing {TerminalText.Markup(Short(p.CurrentPath))}";
                });
                return await indexer.IndexAsync(full, progress, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        else
        {
            int lastPercent = -1;
            var progress = new SyncProgress(p =>
            {
                if (p.Total < 20) return;
                int percent = p.Done * 100 / p.Total / 10 * 10;
                if (percent == lastPercent) return;
                lastPercent = percent;
                console.WriteLine($"indexing: {p.Done}/{p.Total} files");
            });
            report = await indexer.IndexAsync(full, progress, ct).ConfigureAwait(false);
        }
        if (report.SchemaRebuilt) console.MarkupLine("[yellow]The index format changed; the index was rebuilt from the seeds.[/]");
        PrintProblems(console, report);
        if (!quietWhenUnchanged || report.ChangedAnything) console.WriteLine(Summary(report));
        return report;
    }

    public static string Summary(IndexReport r) =>
        $"indexed: {r.Added} added, {r.Updated} updated, {r.Renamed} renamed, {r.Removed} removed, {r.Unchanged} unchanged" +
        (r.Duplicates > 0 ? $", {r.Duplicates} duplicate" : "") +
        (r.PassagesEmbedded > 0 ? $", {r.PassagesEmbedded} passages embedded" : "") +
        (r.SentencesEmbedded > 0 ? $", {r.SentencesEmbedded} sentences embedded" : "") +
        $" in {r.Elapsed.TotalSeconds:F2} s";

    private static void PrintProblems(IAnsiConsole console, IndexReport report)
    {
        foreach (var p in report.Problems)
            console.MarkupLine(p.Skipped ? $"[grey]{TerminalText.Markup(p.Path)}: {TerminalText.Markup(p.Message)}[/]" : $"[yellow]{TerminalText.Markup(p.Path)}: {TerminalText.Markup(p.Message)}[/]");
    }

    private static string Short(string path) => path.Length <= 40 ? path : "…" + path[^39..];

    /// <summary>Reports synchronously (Progress&lt;T&gt; posts to the thread pool and would reorder lines).</summary>
    private sealed class SyncProgress(Action<IndexProgress> report) : IProgress<IndexProgress>
    {
        public void Report(IndexProgress value) => report(value);
    }
}
