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
                    if (p.Phase == IndexPhase.Embedding) task.Description = TerminalText.Markup(EmbeddingLine(p));
                    else if (p.CurrentPath is not null) task.Description = $"Indexing {TerminalText.Markup(Short(p.CurrentPath))}";
                });
                return await indexer.IndexAsync(full, progress, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        else
        {
            int lastPercent = -1;
            var lastPhase = IndexPhase.Text;
            var started = System.Diagnostics.Stopwatch.StartNew();
            var lastLine = TimeSpan.Zero;
            var progress = new SyncProgress(p =>
            {
                if (p.Phase != lastPhase) { lastPhase = p.Phase; lastPercent = -1; }
                if (p.Phase == IndexPhase.Embedding)
                {
                    // Embedding is the slow phase (a 19 MB file is an hour of it): a line every 10 % or every 30 s, with the
                    // rate and time left.
                    if (p.Total == 0) return;
                    int embedded = p.Done * 100 / p.Total / 10 * 10;
                    if (embedded == lastPercent && started.Elapsed - lastLine < TimeSpan.FromSeconds(30)) return;
                    lastPercent = embedded;
                    lastLine = started.Elapsed;
                    console.WriteLine(EmbeddingLine(p));
                    return;
                }
                if (p.Total < 20) return;
                // A refresh that finds nothing to do is over in well under a second even at thousands of files: ask and
                // chat print progress only once a refresh has run long enough to be doing real work.
                if (quietWhenUnchanged && started.Elapsed < TimeSpan.FromSeconds(2)) return;
                int percent = p.Done * 100 / p.Total / 10 * 10;
                if (percent == lastPercent) return;
                lastPercent = percent;
                console.WriteLine($"indexing: {p.Done}/{p.Total} files");
            });
            report = await indexer.IndexAsync(full, progress, ct).ConfigureAwait(false);
        }
        PrintReport(console, report, quietWhenUnchanged);
        return report;
    }

    /// <summary>What a run did: recovery notes, problems, and the counts (only when something changed, if <paramref name="quietWhenUnchanged"/>).</summary>
    public static void PrintReport(IAnsiConsole console, IndexReport report, bool quietWhenUnchanged)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        if (report.MovedAside is { } aside)
            console.MarkupLine($"[yellow]The index could not be read; it was moved to {TerminalText.Markup(aside)} and rebuilt from the seeds.[/]");
        if (report.SchemaRebuilt) console.MarkupLine("[yellow]The index format changed; the index was rebuilt from the seeds.[/]");
        PrintProblems(console, report);
        if (!quietWhenUnchanged || report.ChangedAnything) console.WriteLine(Summary(report));
    }

    /// <summary>"embedding big.txt: passages 1200/55864, sentences 0/228943, 81 texts/s, about 58 min left".</summary>
    public static string EmbeddingLine(IndexProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var line = $"embedding {(p.CurrentPath is { } path ? Short(path) : "earlier text")}: passages {p.PassagesDone}/{p.PassagesTotal}, sentences {p.SentencesDone}/{p.SentencesTotal}";
        if (p.TextsPerSecond is { } rate) line += $", {rate:F0} texts/s";
        if (p.TimeLeft is { } left) line += $", about {Duration(left)} left";
        return line;
    }

    private static string Duration(TimeSpan t) =>
        t.TotalSeconds < 90 ? $"{Math.Max(1, t.TotalSeconds):F0} s" : t.TotalMinutes < 90 ? $"{t.TotalMinutes:F0} min" : $"{t.TotalHours:F1} h";

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
