using System.Globalization;
using Bot.Core.DependencyInjection;
using Bot.Core.Indexing;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.DiscordBench;

/// <summary>
/// The issue's load in real time: 50 users × 20 questions and a flooder's 200 over <c>span</c> (2 minutes), answered by
/// the real lexical answerer over seeds/, at the default limits and REST budget (45/s paced at the bot, 50/s enforced at the fake) except
/// the per-user rate, 12 a minute: the load's users ask exactly 10 a minute, the default, so the limit's edge would cut
/// a question whenever two arrive a millisecond under 60 s apart.
/// </summary>
internal static class LoadBench
{
    public static async Task RunAsync(TimeSpan span)
    {
        using var data = new TempFolder();
        await using var fake = await FakeDiscord.StartAsync();
        fake.GlobalLimit = 50;
        await using var bot = await BotHarness.StartAsync(fake, (services, configuration) => services.AddBotCore(configuration), new Dictionary<string, string?>
        {
            ["Bot:SeedsPath"] = RepoPaths.Seeds,
            ["Bot:DataPath"] = data.Path,
            ["Bot:Embeddings:Provider"] = "none",
            ["Bot:Discord:UserQuestionsPerMinute"] = "12",
            ["Bot:Discord:ChannelQuestionsPerMinute"] = "30",
            ["Bot:Discord:MaxPendingQuestions"] = "100",
        });
        await bot.Host.Services.GetRequiredService<IIndexer>().IndexAsync(false, null, CancellationToken.None);
        var report = await LoadScenario.RunAsync(fake, LoadProfile.Issue with { Span = span });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load over {span.TotalSeconds:F0} s: {report}"));
    }
}
