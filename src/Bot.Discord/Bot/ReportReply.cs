using System.Globalization;
using System.Text;
using Bot.Core.Feedback;
using Bot.Discord.Rendering;

namespace Bot.Discord.Bot;

/// <summary>/report (the bot's admins only, ephemeral): last week's counts and the five largest groups of refused questions.</summary>
public static class ReportReply
{
    public const int Groups = 5;

    public static async Task<string> BuildAsync(FeedbackReporter? reporter, bool logging, int limit, CancellationToken ct)
    {
        if (reporter is null) return "The question log is not available in this bot.";
        var report = await reporter.BuildAsync(DateTimeOffset.UtcNow.AddDays(-7), ct).ConfigureAwait(false);
        var text = new StringBuilder();
        if (!logging) text.Append("-# The question log is off (Bot:Feedback:Enabled=false): nothing new is recorded.\n");
        text.Append(CultureInfo.InvariantCulture,
            $"**Last 7 days**: {report.Asked} asked, {report.Answered} answered ({report.AnsweredShare:P0}), {report.RefusedCount} not found; {report.WorstRated.Count} badly rated.\n");
        if (report.Gaps.Count == 0) text.Append("No unanswered questions.");
        else text.Append(CultureInfo.InvariantCulture, $"**Unanswered topics** (grouped by {DiscordMarkdown.Escape(report.GroupedBy)}):");
        foreach (var (g, i) in report.Gaps.Take(Groups).Select((g, i) => (g, i + 1)))
            text.Append(CultureInfo.InvariantCulture, $"\n{i}\\. **{DiscordMarkdown.Escape(g.Name)}** — {g.Count}: ")
                .Append(string.Join("; ", g.Examples.Select(e => "“" + DiscordMarkdown.Escape(e.Length > 120 ? e[..120] + "…" : e) + "”")));
        return text.Length <= limit ? text.ToString() : text.ToString(0, limit - 1) + "…";
    }
}
