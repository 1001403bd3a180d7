using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;

namespace Bot.Discord.Tests.Gateway;

[Integration(TestCategory.Server)]
public sealed class HeartbeatAndIdentifyTests
{
    [Fact]
    public async Task Heartbeats_start_after_HELLO_within_one_jittered_interval_then_every_interval_and_are_acked()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.HeartbeatIntervalMs = 400;
        await using var bot = await BotHarness.StartAsync(fake);
        await fake.WaitUntilAsync(() => fake.Frames(1).Count() >= 4, what: "4 heartbeats");

        var hello = fake.Connections[0].HelloAt!.Value;
        var beats = fake.Frames(1).Where(f => f.Connection == 0).Select(f => f.At).ToList();
        Assert.InRange((beats[0] - hello).TotalMilliseconds, 0, 400 + 150);
        // Never early; on average one interval apart (individual gaps stretch when the 2 shared cores are busy).
        for (var i = 1; i < beats.Count; i++) Assert.True((beats[i] - beats[i - 1]).TotalMilliseconds >= 380);
        Assert.InRange((beats[^1] - beats[0]).TotalMilliseconds / (beats.Count - 1), 380, 650);
        // Heartbeats carry the last sequence number received (READY was s=1).
        Assert.Equal(1, fake.Frames(1).Last().Data.GetInt32());
        Assert.NotNull(bot.Gateway.Latency);
        Assert.Single(fake.Connections);
    }

    [Fact]
    public async Task Op1_heartbeat_request_is_answered_immediately()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.HeartbeatIntervalMs = 60_000;
        await using var bot = await BotHarness.StartAsync(fake);
        var before = fake.Frames(1).Count();
        var sent = fake.Now;
        await fake.SendOpAsync(1, null);
        await fake.WaitUntilAsync(() => fake.Frames(1).Count() > before, TimeSpan.FromSeconds(1), "heartbeat after op 1");
        Assert.True((fake.Frames(1).Last().At - sent).TotalMilliseconds < 500);
    }

    [Fact]
    public async Task Identify_sends_raw_token_chat_intents_and_properties_once_per_connection()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake);
        var identify = Assert.Single(fake.Frames(2)).Data;
        Assert.Equal(fake.Token, identify.GetProperty("token").GetString());
        Assert.Equal(1 | 512 | 1024 | 4096 | 8192 | 32768, identify.GetProperty("intents").GetInt32()); // with both reaction intents (ratings)
        var properties = identify.GetProperty("properties");
        Assert.All(["os", "browser", "device"], p => Assert.False(string.IsNullOrEmpty(properties.GetProperty(p).GetString())));
        Assert.False(identify.TryGetProperty("compress", out _));
        Assert.Equal("?v=10&encoding=json", fake.Connections[0].Query);
        Assert.Equal(1, bot.Gateway.Identifies);
    }

    [Fact]
    public async Task Messages_split_across_many_websocket_frames_are_reassembled()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.FrameChunkBytes = 37; // READY and every event arrive in many frames
        await using var bot = await BotHarness.StartAsync(fake);
        var question = "what is in " + new string('x', 6000) + "?";
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message(question, 10, mentionBot: true));
        var reply = await fake.WaitAsync(() => bot.Posts(10).FirstOrDefault(), what: "reply");
        Assert.Contains("Answer to: what is in xxx", reply.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_line_logs_the_heartbeat_ACK_latency()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.HeartbeatIntervalMs = 200;
        await using var bot = await BotHarness.StartAsync(fake, settings: new Dictionary<string, string?> { ["Bot:Discord:HealthLogInterval"] = "00:00:00.500" });
        await fake.WaitUntilAsync(() => bot.Logs.Lines.Any(l => l.Text.StartsWith("Discord health: ready, heartbeat ACK latency", StringComparison.Ordinal) &&
                                                                !l.Text.Contains("n/a", StringComparison.Ordinal)), what: "health line");
    }

    [Fact]
    public async Task Graceful_shutdown_closes_the_gateway_with_1000()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var bot = await BotHarness.StartAsync(fake);
        await bot.DisposeAsync();
        await fake.Connections[0].Ended.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1000, fake.Connections[0].ClientCloseCode);
        Assert.Single(fake.Connections);
    }

    [Fact]
    public async Task Token_is_sent_as_Bot_authorization_with_a_DiscordBot_user_agent_and_never_logged()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake);
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("hello?", 12, mentionBot: true));
        await fake.WaitAsync(() => bot.Posts(12).FirstOrDefault(), what: "reply");
        await fake.SendOpAsync(7, null);
        await fake.WaitUntilAsync(() => bot.Gateway.Resumes == 1, what: "resume");
        var gateway = Assert.Single(fake.Calls("GET", "/gateway/bot"));
        Assert.Equal($"Bot {fake.Token}", gateway.Authorization);
        Assert.All(fake.Rest, c => Assert.StartsWith("DiscordBot (", c.UserAgent, StringComparison.Ordinal));
        Assert.DoesNotContain(bot.Logs.Lines, l => l.Text.Contains(fake.Token, StringComparison.Ordinal));
    }

}
