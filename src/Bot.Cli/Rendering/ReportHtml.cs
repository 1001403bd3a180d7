using System.Globalization;
using System.Net;
using System.Text;
using Bot.Core.Feedback;

namespace Bot.Cli.Rendering;

/// <summary>
/// `bot report --html FILE`: one self-contained page (inline CSS, an inline SVG chart of answered and refused questions
/// per day, no script, nothing fetched), with the same tables as the console report. Every text is HTML-encoded.
/// </summary>
public static class ReportHtml
{
    public static string Render(FeedbackReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var h = new StringBuilder();
        h.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>bot report</title>
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <style>
            body{font-family:system-ui,sans-serif;margin:2rem;color:#222;background:#fff}
            table{border-collapse:collapse;margin:0 0 1.5rem}th,td{border:1px solid #bbb;padding:.3rem .6rem;vertical-align:top;text-align:left}
            th{background:#eef}h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.5rem}.answered{fill:#3a7}.refused{fill:#d73}
            .legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem}
            </style></head><body>
            """);
        h.Append(CultureInfo.InvariantCulture, $"<h1>Questions since {E(report.Since.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))} UTC</h1>\n");
        h.Append("<table id=\"summary\"><tr><th>Asked</th><th>Answered</th><th>Refused</th><th>Share answered</th><th>Askers</th></tr>");
        h.Append(CultureInfo.InvariantCulture, $"<tr><td>{report.Asked}</td><td>{report.Answered}</td><td>{report.RefusedCount}</td><td>{report.AnsweredShare.ToString("P0", CultureInfo.InvariantCulture)}</td><td>{report.Askers}</td></tr></table>\n");

        h.Append("<h2>Answered and refused per day</h2>\n");
        Chart(h, report.PerDay);

        h.Append(CultureInfo.InvariantCulture, $"<h2>Refused questions by topic (grouped by {E(report.GroupedBy)})</h2>\n");
        h.Append("<table id=\"gaps\"><tr><th>#</th><th>Topic</th><th>Questions</th><th>Examples</th></tr>");
        foreach (var (g, i) in report.Gaps.Select((g, i) => (g, i + 1)))
            h.Append(CultureInfo.InvariantCulture, $"<tr><td>{i}</td><td>{E(g.Name)}</td><td>{g.Count}</td><td>{string.Join("<br>", g.Examples.Select(E))}</td></tr>");
        h.Append("</table>\n");

        h.Append("<h2>Worst-rated answers</h2>\n<table id=\"worst\"><tr><th>Question</th><th>Score</th><th>Reason</th><th>Quotes</th></tr>");
        foreach (var r in report.WorstRated)
            h.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(r.Question)}</td><td>{r.Score}</td><td>{E(r.Reason ?? "")}</td><td>{string.Join("<br>", r.Quotes.Select(q => $"“{E(q.Text)}” — {E(q.Path)} ¶{q.Paragraph}"))}</td></tr>");
        h.Append("</table>\n");

        h.Append("<h2>Documents never quoted</h2>\n<table id=\"unquoted\"><tr><th>Path</th><th>Title</th></tr>");
        foreach (var d in report.NeverQuoted) h.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(d.Path)}</td><td>{E(d.Title)}</td></tr>");
        h.Append("</table>\n</body></html>\n");
        return h.ToString();
    }

    private static void Chart(StringBuilder h, IReadOnlyList<DayCount> days)
    {
        const int barWidth = 14, gap = 4, height = 120, bottom = 20;
        var max = Math.Max(1, days.Count == 0 ? 1 : days.Max(d => d.Answered + d.Refused));
        var width = Math.Max(200, days.Count * (barWidth + gap) + gap);
        h.Append(CultureInfo.InvariantCulture, $"<svg id=\"per-day\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height + bottom}\" role=\"img\" aria-label=\"answered and refused questions per day\">");
        for (var i = 0; i < days.Count; i++)
        {
            var d = days[i];
            var x = gap + i * (barWidth + gap);
            var a = d.Answered * height / max;
            var r = d.Refused * height / max;
            var label = $"{d.Day:yyyy-MM-dd}: {d.Answered} answered, {d.Refused} refused";
            h.Append(CultureInfo.InvariantCulture, $"<g><title>{E(label)}</title>");
            if (a > 0) h.Append(CultureInfo.InvariantCulture, $"<rect class=\"answered\" x=\"{x}\" y=\"{height - a}\" width=\"{barWidth}\" height=\"{a}\"/>");
            if (r > 0) h.Append(CultureInfo.InvariantCulture, $"<rect class=\"refused\" x=\"{x}\" y=\"{height - a - r}\" width=\"{barWidth}\" height=\"{r}\"/>");
            h.Append("</g>");
        }
        h.Append(CultureInfo.InvariantCulture, $"<line x1=\"0\" y1=\"{height}\" x2=\"{width}\" y2=\"{height}\" stroke=\"#888\"/>");
        if (days.Count > 0)
        {
            h.Append(CultureInfo.InvariantCulture, $"<text x=\"{gap}\" y=\"{height + 15}\" font-size=\"11\">{days[0].Day:yyyy-MM-dd}</text>");
            if (days.Count > 1)
                h.Append(CultureInfo.InvariantCulture, $"<text x=\"{width - gap}\" y=\"{height + 15}\" font-size=\"11\" text-anchor=\"end\">{days[^1].Day:yyyy-MM-dd}</text>");
        }
        h.Append("</svg>\n<p class=\"legend\"><span style=\"background:#3a7\"></span>answered<span style=\"background:#d73\"></span>refused</p>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
