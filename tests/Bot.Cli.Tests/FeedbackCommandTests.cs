using System.Text.Json;
using Bot.Cli.Tests.TestSupport;

namespace Bot.Cli.Tests;

/// <summary>The question log through the real `bot`: chat records and rates, report lists, purge deletes, off stores nothing.</summary>
[Integration(TestCategory.Process, TestCategory.Model)]
public sealed class FeedbackCommandTests : IDisposable
{
    private static readonly string[] Passports = ["How do I renew my passport?", "What does a passport renewal cost?", "Where do I apply for a new passport?"];
    private static readonly string[] Weather = ["Will it rain tomorrow?", "What is the weather forecast for Sunday?", "How much rain fell last week?"];
    private static readonly string[] Football = ["Who won the football match?", "When is the next football game?", "Which team scored first in the match?"];

    private readonly TempFolder _seeds = new();
    private readonly TempFolder _data = new();

    public FeedbackCommandTests()
    {
        File.Copy(Path.Combine(RepoPaths.Seeds, "russia-recognises-taliban.txt"), Path.Combine(_seeds.Path, "russia.txt"));
        _seeds.File("tea.txt", "Tea harvest\n\nThe tea harvest in Assam began two weeks early this year.\n");
    }

    private Task<BotProcess.Result> Bot(string? stdin, IDictionary<string, string>? env, params string[] args) =>
        BotProcess.RunAsync(args.Concat(["--seeds", _seeds.Path, "--data", _data.Path]), stdin, env);

    private async Task<JsonElement> ReportAsync()
    {
        var r = await Bot(null, null, "report", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        return JsonDocument.Parse(r.Stdout).RootElement.Clone();
    }

    [Fact]
    public async Task A_chat_session_logs_its_questions_and_ratings_which_report_lists_and_purge_deletes()
    {
        var refused = Passports.Concat(Weather).Concat(Football).ToArray();
        var stdin = "/good\nwhen did Russia delist the Taliban?\n/bad it quoted the wrong court\n" + string.Join("\n", refused) + "\n/good\n";
        // -v: Debug logging on standard error, which must still hold no question text.
        var chat = await Bot(stdin, null, "chat", "-v");
        Assert.Equal(0, chat.ExitCode);
        Assert.Contains("Nothing to rate yet", chat.Stdout, StringComparison.Ordinal);
        Assert.Contains("recorded as a bad answer, with your reason", chat.Stdout, StringComparison.Ordinal);
        Assert.Contains("recorded as a good answer", chat.Stdout, StringComparison.Ordinal);
        Assert.Contains("Question log: recorded a chat question", chat.Stderr, StringComparison.Ordinal);
        foreach (var q in refused.Append("delist the Taliban").Append("wrong court"))
            Assert.DoesNotContain(q, chat.Stderr, StringComparison.Ordinal);

        var report = await ReportAsync();
        Assert.Equal(10, report.GetProperty("asked").GetInt32());
        Assert.Equal(1, report.GetProperty("answered").GetInt32());
        Assert.Equal(refused.Order(), report.GetProperty("refused").EnumerateArray().Select(r => r.GetProperty("question").GetString()!).Order());
        var gaps = report.GetProperty("gaps").EnumerateArray().ToList();
        Assert.Equal(3, gaps.Count);
        foreach (var topic in new[] { Passports, Weather, Football })
            Assert.Single(gaps, g => g.GetProperty("examples").EnumerateArray().Select(e => e.GetString()!).Order().SequenceEqual(topic.Order()));
        var bad = Assert.Single(report.GetProperty("rated").EnumerateArray(), r => r.GetProperty("reason").GetString() == "it quoted the wrong court");
        Assert.Equal("when did Russia delist the Taliban?", bad.GetProperty("question").GetString());
        Assert.Equal("russia.txt", bad.GetProperty("quotes")[0].GetProperty("path").GetString());
        Assert.Contains(report.GetProperty("rated").EnumerateArray(), r => r.GetProperty("question").GetString() == Football[^1]
            && r.GetProperty("ratings")[0].GetProperty("rating").GetString() == "good");
        Assert.Equal(["tea.txt"], report.GetProperty("neverQuoted").EnumerateArray().Select(d => d.GetProperty("path").GetString()));

        var table = await Bot(null, null, "report", "--since", "7d");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("passport", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("it quoted the wrong court", table.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, (await Bot(null, null, "report", "--since", "last tuesday")).ExitCode);

        var purge = await Bot(null, null, "feedback", "purge");
        Assert.Equal(0, purge.ExitCode);
        Assert.Contains("Deleted 10 logged question(s)", purge.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await ReportAsync()).GetProperty("asked").GetInt32());
    }

    [Fact]
    public async Task With_the_log_off_chat_stores_nothing_and_ask_never_records()
    {
        var off = new Dictionary<string, string> { ["Bot__Feedback__Enabled"] = "false" };
        var chat = await Bot("What is the capital of Peru?\n/bad no answer\n", off, "chat");
        Assert.Equal(0, chat.ExitCode);
        Assert.Contains("Ratings are not recorded", chat.Stdout, StringComparison.Ordinal);
        var ask = await Bot(null, null, "ask", "What is the capital of Peru?");
        Assert.Equal(1, ask.ExitCode);

        Assert.Equal(0, (await ReportAsync()).GetProperty("asked").GetInt32());
        Assert.False(File.Exists(Path.Combine(_data.Path, "feedback.salt")));
    }

    public void Dispose()
    {
        _seeds.Dispose();
        _data.Dispose();
    }
}
