using System.Text.Json.Nodes;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;

namespace Bot.Discord.Tests.Gateway;

[Integration(TestCategory.Server)]
public sealed class ReconnectTests
{
    private static async Task AssertResumedOnResumeUrlAsync(FakeDiscord fake, BotHarness bot, string session)
    {
        await fake.WaitUntilAsync(() => bot.Gateway.Resumes == 1 && bot.Gateway.IsReady, what: "RESUMED");
        var resume = Assert.Single(fake.Frames(6));
        Assert.Equal(1, resume.Connection);
        Assert.True(fake.Connections[1].ViaResumeUrl);
        Assert.Equal("?v=10&encoding=json", fake.Connections[1].Query);
        Assert.Equal(session, resume.Data.GetProperty("session_id").GetString());
        Assert.Equal(fake.Token, resume.Data.GetProperty("token").GetString());
        Assert.Single(fake.Frames(2)); // no second IDENTIFY
        Assert.Equal(session, fake.SessionId);
    }

    [Fact]
    public async Task Missing_ACK_is_a_zombie_closed_without_1000_then_resumed_and_missed_events_replayed_exactly_once()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.HeartbeatIntervalMs = 300;
        await using var bot = await BotHarness.StartAsync(fake);
        var session = fake.SessionId!;
        // The link goes silent: no ACKs, and these events never reach the bot on this connection.
        fake.Connections[0].Silent = true;
        for (var i = 0; i < 3; i++) await fake.DispatchAsync("MESSAGE_CREATE", fake.Message($"question {i}?", 20, mentionBot: true));

        await fake.Connections[0].Ended.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.NotNull(fake.Connections[0].ClientCloseCode);
        Assert.NotEqual(1000, fake.Connections[0].ClientCloseCode);
        Assert.NotEqual(1001, fake.Connections[0].ClientCloseCode);
        await AssertResumedOnResumeUrlAsync(fake, bot, session);

        await fake.WaitUntilAsync(() => bot.Posts(20).Count >= 3, what: "3 replies");
        await Task.Delay(300);
        var replies = bot.Posts(20).Select(p => p.Content).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, replies.Count);
        Assert.Equal(3, replies.Distinct().Count());
    }

    [Fact]
    public async Task Op7_reconnect_resumes_on_resume_gateway_url()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake);
        await fake.SendOpAsync(7, null);
        await AssertResumedOnResumeUrlAsync(fake, bot, fake.SessionId!);
        Assert.NotEqual(1000, fake.Connections[0].ClientCloseCode);
    }

    [Fact]
    public async Task Op7_before_HELLO_reconnects_and_resumes()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake);
        fake.ReconnectBeforeHello = 1;
        fake.Drop();
        await fake.WaitUntilAsync(() => bot.Gateway.Resumes == 1 && bot.Gateway.IsReady, what: "RESUMED");
        Assert.Equal(3, fake.Connections.Count); // dropped, op 7 before HELLO, resumed
        Assert.Equal(fake.SessionId, Assert.Single(fake.Frames(6)).Data.GetProperty("session_id").GetString());
        Assert.Single(fake.Frames(2));
    }

    [Fact]
    public async Task Op9_true_resumes()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake);
        await fake.SendOpAsync(9, JsonValue.Create(true));
        await AssertResumedOnResumeUrlAsync(fake, bot, fake.SessionId!);
    }

    [Fact]
    public async Task Op9_false_identifies_a_new_session_no_sooner_than_5_s_after_the_last_identify()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake, settings: new Dictionary<string, string?> { ["Bot:Discord:IdentifyInterval"] = "00:00:05" });
        var first = fake.SessionId;
        await fake.SendOpAsync(9, JsonValue.Create(false));
        await fake.WaitUntilAsync(() => fake.Frames(2).Count() == 2 && bot.Gateway.IsReady, TimeSpan.FromSeconds(15), "second IDENTIFY");
        var identifies = fake.Frames(2).ToList();
        Assert.True((identifies[1].At - identifies[0].At).TotalSeconds >= 4.95, $"re-identified after {(identifies[1].At - identifies[0].At).TotalSeconds:F2} s");
        Assert.Empty(fake.Frames(6));
        Assert.False(fake.Connections[1].ViaResumeUrl);
        Assert.NotEqual(first, fake.SessionId);
    }

    [Fact]
    public async Task Dropped_TCP_connection_resumes()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake);
        fake.Drop();
        await AssertResumedOnResumeUrlAsync(fake, bot, fake.SessionId!);
    }

    [Fact]
    public async Task Close_4000_resumes()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake);
        await fake.CloseAsync(4000);
        await AssertResumedOnResumeUrlAsync(fake, bot, fake.SessionId!);
    }

    [Fact]
    public async Task Close_4009_starts_a_new_session_with_IDENTIFY()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake, settings: new Dictionary<string, string?> { ["Bot:Discord:IdentifyInterval"] = "00:00:01" });
        await fake.CloseAsync(4009);
        await fake.WaitUntilAsync(() => fake.Frames(2).Count() == 2 && bot.Gateway.IsReady, what: "second IDENTIFY");
        Assert.Empty(fake.Frames(6));
        Assert.False(fake.Connections[1].ViaResumeUrl);
    }

    [Fact]
    public async Task Failed_RESUME_answered_with_op9_false_falls_back_to_IDENTIFY()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake, settings: new Dictionary<string, string?> { ["Bot:Discord:IdentifyInterval"] = "00:00:01" });
        fake.ResumeAllowed = false;
        await fake.SendOpAsync(7, null);
        await fake.WaitUntilAsync(() => fake.Frames(2).Count() == 2 && bot.Gateway.IsReady, what: "IDENTIFY after the failed RESUME");
        Assert.Single(fake.Frames(6));
        Assert.True(fake.Connections[1].ViaResumeUrl);
        Assert.False(fake.Connections[2].ViaResumeUrl);
    }

    [Theory]
    [InlineData(4004)]
    [InlineData(4010)]
    [InlineData(4012)]
    [InlineData(4013)]
    [InlineData(4014)]
    public async Task Fatal_close_codes_stop_the_bot_without_reconnecting(int code)
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake);
        await fake.CloseAsync(code);
        await fake.WaitUntilAsync(() => bot.Status.FatalError is not null, what: "fatal stop");
        await Task.Delay(600);
        Assert.Single(fake.Connections);
        Assert.Single(fake.GatewayAttempts);
        Assert.Equal(code, bot.Status.FatalCloseCode);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), bot.Status.FatalError, StringComparison.Ordinal);
        Assert.True(bot.Host.Services.GetService(typeof(Microsoft.Extensions.Hosting.IHostApplicationLifetime)) is Microsoft.Extensions.Hosting.IHostApplicationLifetime l &&
                    l.ApplicationStopping.IsCancellationRequested);
    }

    [Fact]
    public async Task Invalid_token_closes_4004_at_IDENTIFY_and_is_fatal()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var settings = new Dictionary<string, string?> { ["Bot:Discord:Token"] = "wrong-token" };
        await using var bot = await BotHarness.StartAsync(fake, settings: settings, waitForReady: false);
        await fake.WaitUntilAsync(() => bot.Status.FatalError is not null, what: "fatal stop");
        Assert.Equal(4004, bot.Status.FatalCloseCode);
        Assert.Contains("token", bot.Status.FatalError, StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Logs.Lines, l => l.Text.Contains("wrong-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unreachable_gateway_is_retried_with_growing_capped_backoff_then_connects()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.RouteLimit = 100; // GET /gateway/bot is refetched after failed connects; keep its bucket out of the timings
        // After 3 failed resumes the bot falls back to IDENTIFY; keep the identify gate out of the timings too.
        await using var bot = await BotHarness.StartAsync(fake, settings: new Dictionary<string, string?> { ["Bot:Discord:IdentifyInterval"] = "00:00:00.100" });
        fake.RefuseGateway = true;
        fake.Drop();
        await fake.WaitUntilAsync(() => fake.GatewayAttempts.Count >= 8, what: "8 connection attempts");
        fake.RefuseGateway = false;
        await fake.WaitUntilAsync(() => bot.Gateway.IsReady, what: "connected again");
        var attempts = fake.GatewayAttempts.ToList();
        var gaps = attempts.Skip(1).Zip(attempts.Skip(2), (a, b) => (b - a).TotalMilliseconds).ToList();
        // ReconnectDelay 50 ms doubling (with jitter in [d/2, d]) up to MaxReconnectDelay 400 ms.
        Assert.True(gaps[^1] > gaps[0], $"gaps {string.Join(", ", gaps.Select(g => g.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.All(gaps, g => Assert.InRange(g, 0, 400 + 250));
    }

    [Fact]
    public async Task Only_one_socket_is_open_at_a_time_across_reconnects()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake);
        for (var i = 0; i < 4; i++)
        {
            await fake.SendOpAsync(7, null);
            await fake.WaitUntilAsync(() => bot.Gateway.Resumes == i + 1 && bot.Gateway.IsReady, what: $"resume {i + 1}");
        }
        var connections = fake.Connections;
        for (var i = 1; i < connections.Count; i++)
        {
            // Each earlier connection was closed by the bot before the next one was opened.
            Assert.True(connections[i - 1].Ended.Task.IsCompleted);
            Assert.NotNull(connections[i - 1].ClientCloseCode);
        }
        Assert.Equal(1, bot.Gateway.MaxOpenSockets);
    }
}
