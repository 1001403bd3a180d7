using System.Globalization;
using Bot.Core.Feedback;
using Spectre.Console;

namespace Bot.Cli.Rendering;

/// <summary>`bot report` on the console: a summary, the gap groups, the worst-rated answers and the documents never quoted.</summary>
public static class ReportRenderer
{
    public static void Render(IAnsiConsole console, FeedbackReport report, bool logging)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        if (!logging) console.MarkupLine("[yellow]The question log is off (Bot:Feedback:Enabled=false): nothing new is recorded.[/]");
        console.MarkupLine($"[bold]Questions since {Day(report.Since)}[/]");
        var summary = new Table().AddColumns("Asked", "Answered", "Refused", "Share answered", "Askers");
        summary.AddRow(N(report.Asked), N(report.Answered), N(report.RefusedCount), report.AnsweredShare.ToString("P0", CultureInfo.InvariantCulture), N(report.Askers));
        console.Write(summary);

        console.MarkupLine($"[bold]Refused questions by topic[/] [grey](grouped by {TerminalText.Markup(report.GroupedBy)})[/]");
        var gaps = new Table().AddColumns("#", "Topic", "Questions", "Examples");
        foreach (var (g, i) in report.Gaps.Select((g, i) => (g, i + 1)))
            gaps.AddRow(N(i), TerminalText.Markup(g.Name), N(g.Count), TerminalText.Markup(string.Join("\n", g.Examples)));
        console.Write(gaps);

        console.MarkupLine("[bold]Worst-rated answers[/]");
        var worst = new Table().AddColumns("Question", "Score", "Reason", "Quotes");
        foreach (var r in report.WorstRated)
            worst.AddRow(TerminalText.Markup(r.Question), N(r.Score), TerminalText.Markup(r.Reason ?? ""),
                TerminalText.Markup(string.Join("\n", r.Quotes.Select(q => $"“{q.Text}” — {q.Path} ¶{N(q.Paragraph)}"))));
        console.Write(worst);

        console.MarkupLine("[bold]Documents never quoted[/]");
        var unquoted = new Table().AddColumns("Path", "Title");
        foreach (var d in report.NeverQuoted) unquoted.AddRow(TerminalText.Markup(d.Path), TerminalText.Markup(d.Title));
        console.Write(unquoted);
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Day(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
