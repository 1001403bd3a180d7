using System.Globalization;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;
using Xunit.Abstractions;

namespace Bot.Discord.Tests.Bot;

/// <summary>
/// Issue 16's load at full count — 1,000 questions from 50 users plus a flooder's 200 — with time compressed 8× (2 minutes
/// into 15 s) so it runs in CI. Every rate scales with it: the REST budget (50/s → 400/s at the fake, the bot capped
/// below it) and the per-user and per-channel limits (each user's 20 questions, the flooder's first 20, fit one rate
/// window). The real-time run at the issue's 2 minutes and default limits is bench/Bot.DiscordBench (`load`).
/// </summary>
[Integration(TestCategory.Server)]
public sealed class LoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_thousand_questions_from_fifty_users_are_each_answered_once_while_the_flooder_gets_one_polite_reply()
    {
        var profile = LoadProfile.Issue with { Span = TimeSpan.FromSeconds(15) };
        await using var fake = await FakeDiscord.StartAsync();
        fake.GlobalLimit = 400;
        await using var bot = await BotHarness.StartAsync(fake, settings: new Dictionary<string, string?>
        {
            ["Bot:Discord:GlobalRequestsPerSecond"] = "300",
            ["Bot:Discord:UserQuestionsPerMinute"] = profile.QuestionsPerUser.ToString(CultureInfo.InvariantCulture),
            ["Bot:Discord:ChannelQuestionsPerMinute"] = "60",
            ["Bot:Discord:MaxPendingQuestions"] = "100",
        });

        var report = await LoadScenario.RunAsync(fake, profile);
        output.WriteLine(report.ToString());

        Assert.Equal(1000, report.NormalQuestions);
        Assert.Equal(1000, report.AnsweredOnce);
        Assert.Equal(0, report.AnsweredMoreThanOnce);
        Assert.Equal(0, report.BusyReplies);
        Assert.Equal(0, report.LimitedRepliesToOthers);
        Assert.Equal(1, report.FlooderPoliteReplies);
        Assert.Equal(profile.QuestionsPerUser, report.FlooderAnswers); // up to the limit, then the polite reply, then silence
        Assert.Equal(0, report.RouteViolations);
        Assert.Equal(0, report.GlobalViolations);
        Assert.InRange(report.MaxGatewayCommandsPerMinute, 1, 120); // no 4008
        Assert.Equal(1, report.GatewayConnections);
        // The flooder's 180 ignored questions were never answered.
        Assert.Equal(1000 + profile.QuestionsPerUser, bot.Answerer!.Requests.Count);
    }
}
