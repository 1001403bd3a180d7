using System.Globalization;
using Bot.Core.Evaluation;
using Spectre.Console;

namespace Bot.Cli.Rendering;

/// <summary>The `bot eval` table, and its progress bar on a terminal (plain lines otherwise).</summary>
public static class EvalRenderer
{
    public static async Task<T> WithProgressAsync<T>(IAnsiConsole console, Func<IProgress<EvalProgress>, Task<T>> run)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(run);
        if (console.Profile.Capabilities.Interactive && !Console.IsErrorRedirected)
        {
            return await console.Progress().AutoClear(true).HideCompleted(true).StartAsync(async ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var progress = new SyncProgress(p =>
                {
                    if (!tasks.TryGetValue(p.Stage, out var task)) tasks[p.Stage] = task = ctx.AddTask(TerminalText.Markup(p.Stage), maxValue: Math.Max(1, p.Total));
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                    if (p.Done >= p.Total) task.StopTask();
                });
                return await run(progress).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        string last = "";
        var lines = new SyncProgress(p =>
        {
            if (p.Stage == last) return;
            last = p.Stage;
            console.WriteLine($"eval: {p.Stage} ({p.Total})");
        });
        return await run(lines).ConfigureAwait(false);
    }

    public static void Render(IAnsiConsole console, EvalReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        console.MarkupLine($"[bold]{report.Questions}[/] questions over [bold]{report.Documents}[/] documents; " +
            $"index {F(report.IndexSeconds, 2)} s; corpus mean sentence {F(report.CorpusMeanSentenceChars, 1)} chars; peak memory {F(report.PeakMemoryMb, 0)} MB");
        console.MarkupLine($"[grey]tuning half: {TerminalText.Markup(string.Join(", ", report.TuningDocs))}; the other articles are the untouched half[/]");
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in new[] { "system", "subset", "questions", "quote@1", "1st quote chars (× sentence)", "recall@5", "MRR@10", "abstained unanswerable", "abstained answerable", "p50 ms", "p95 ms" })
            table.AddColumn(new TableColumn(c).RightAligned());
        foreach (var r in report.Rows)
        {
            double ratio = report.CorpusMeanSentenceChars > 0 ? r.MeanFirstQuoteChars / report.CorpusMeanSentenceChars : 0;
            table.AddRow(r.System, r.Subset, $"{r.Questions} ({r.Answerable} ans.)", F(r.QuoteAt1, 3), $"{F(r.MeanFirstQuoteChars, 0)} ({F(ratio, 2)}×)",
                F(r.RecallAt5, 3), F(r.MrrAt10, 3), F(r.AbstainedUnanswerable, 3), F(r.AbstainedAnswerable, 3), F(r.LatencyP50Ms, 1), F(r.LatencyP95Ms, 1));
        }
        console.Write(table);
        if (report.OutOfCorpus.Count == 0) return;
        var ooc = new Table().Border(TableBorder.Rounded).Title("out of corpus: half the articles indexed, the other half's questions asked");
        foreach (var c in new[] { "indexed half", "out-of-corpus questions", "abstained", "in-corpus answerable", "lost (abstained)", "in-corpus quote@1" })
            ooc.AddColumn(new TableColumn(c).RightAligned());
        foreach (var o in report.OutOfCorpus)
            ooc.AddRow(o.Indexed, o.OutOfCorpusQuestions.ToString(CultureInfo.InvariantCulture), F(o.Abstained, 3),
                o.InCorpusAnswerable.ToString(CultureInfo.InvariantCulture), F(o.Lost, 3), F(o.InCorpusQuoteAt1, 3));
        console.Write(ooc);
    }

    private static string F(double v, int digits) => v.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private sealed class SyncProgress(Action<EvalProgress> report) : IProgress<EvalProgress>
    {
        public void Report(EvalProgress value) => report(value);
    }
}
