using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;

namespace Bot.Discord.Tests.EndToEnd;

/// <summary>The real `bot discord` executable against the loopback fake Discord.</summary>
[Integration(TestCategory.Process, TestCategory.Server, TestCategory.Model)]
public sealed class BotDiscordCommandTests : IDisposable
{
    private readonly TempFolder _work = new();

    private BotDiscordProcess Start(FakeDiscord fake, string token) =>
        BotDiscordProcess.Start(_work.Path, RepoPaths.Seeds, Path.Combine(_work.Path, "data"), new Dictionary<string, string>
        {
            ["DISCORD_TOKEN"] = token,
            ["Bot__Discord__ApiBaseUrl"] = fake.ApiBase,
            ["Bot__Discord__ReconnectDelay"] = "00:00:00.100",
        });

    [Fact]
    public async Task Bot_discord_answers_a_mention_and_stops_on_SIGTERM_closing_with_1000()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = Start(fake, fake.Token);
        await fake.WaitUntilAsync(() => fake.SessionId is not null, TimeSpan.FromSeconds(60), "READY");
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("when did Russia delist the Taliban?", 90, mentionBot: true));
        var reply = await fake.WaitAsync(() => fake.Calls("POST", "/channels/{channel_id}/messages").FirstOrDefault(), TimeSpan.FromSeconds(30), "reply");
        Assert.StartsWith("> In April, Russia’s Supreme Court removed the Taliban", reply.Content, StringComparison.Ordinal);

        var exitCode = await bot.TerminateAsync(TimeSpan.FromSeconds(20));
        Assert.True(exitCode == 0, bot.Log);
        await fake.Connections[0].Ended.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1000, fake.Connections[0].ClientCloseCode);
        Assert.DoesNotContain(fake.Token, bot.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bot_discord_exits_with_3_and_a_clear_message_when_Discord_rejects_the_token()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = Start(fake, "not-the-right-token");
        var exitCode = await bot.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var log = bot.Log;
        Assert.True(exitCode == 3, log);
        Assert.Contains("4004", log, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-right-token", log, StringComparison.Ordinal);
        Assert.Single(fake.Connections); // no reconnect loop
    }

    public void Dispose() => _work.Dispose();
}
