using Bot.Core.Answering;
using Spectre.Console;

namespace Bot.Cli.Rendering;

/// <summary>Shows an answer on the console: quotes as block quotes, each followed by its citation.</summary>
public static class AnswerRenderer
{
    public static void Render(IAnsiConsole console, Answer answer)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(answer);
        if (!answer.Answered)
        {
            console.MarkupLine("[yellow]Not found in the sources.[/]");
            if (answer.Note is not null) Line(console, answer.Note, Grey);
            if (answer.Closest.Count > 0)
            {
                console.MarkupLine("[grey]Closest, not an answer:[/]");
                foreach (var (q, i) in answer.Closest.Select((q, i) => (q, i + 1))) QuoteBlock(console, q, i, dim: true);
            }
            return;
        }
        if (!string.IsNullOrWhiteSpace(answer.Text)) console.WriteLine(TerminalText.Sanitize(answer.Text));
        foreach (var (q, i) in answer.Quotes.Select((q, i) => (q, i + 1))) QuoteBlock(console, q, i, dim: false);
        if (answer.Note is not null) Line(console, answer.Note, Grey);
    }

    private static void QuoteBlock(IAnsiConsole console, Quote q, int n, bool dim)
    {
        // Plain text, not markup: a quote is verbatim, and markup would turn ":fire:" in it into an emoji.
        var style = dim ? Grey : Style.Plain;
        foreach (var line in q.Text.Split('\n')) Line(console, $"> {line.TrimEnd('\r')}", style);
        var url = q.Url is null ? "" : $" {q.Url}";
        // "Title — Source, 4 July 2025, p. 3, ¶7" with what is known; "Title ¶7" without source, date and page.
        Line(console, $"[{n}] {q.Citation} — {q.Path}{url}", Grey);
        console.WriteLine();
    }

    private static readonly Style Grey = new(Color.Grey);

    private static void Line(IAnsiConsole console, string text, Style style)
    {
        console.Write(TerminalText.Plain(text, style));
        console.WriteLine();
    }
}
