using System.Text.Json.Nodes;
using Bot.Discord.Gateway;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;

namespace Bot.Discord.Tests.Gateway;

/// <summary>Discord's gateway send limit (120 commands per 60 s per connection; 4008 beyond it), with heartbeats never starved.</summary>
[Integration(TestCategory.Server)]
public sealed class SendRateLimitTests
{
    [Fact]
    public void Discord_defaults_reserve_four_of_120_slots_for_heartbeats()
    {
        var limiter = new GatewaySendLimiter(120, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(41_250));
        Assert.Equal(4, limiter.HeartbeatReserve);
        // A heartbeat interval so short that heartbeats alone would fill the window still leaves half for commands.
        Assert.Equal(60, GatewaySendLimiter.ReserveFor(120, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task When_commands_have_used_their_share_a_command_waits_but_a_heartbeat_goes_at_once()
    {
        var limiter = new GatewaySendLimiter(10, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(41.25)); // reserve 3
        for (var i = 0; i < 7; i++) Assert.True(limiter.WaitAsync(heartbeat: false, CancellationToken.None).IsCompletedSuccessfully);

        using var cancel = new CancellationTokenSource();
        var eighth = limiter.WaitAsync(heartbeat: false, cancel.Token);
        var heartbeat = limiter.WaitAsync(heartbeat: true, CancellationToken.None);

        Assert.True(heartbeat.IsCompletedSuccessfully);
        await Task.Delay(100);
        Assert.False(eighth.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => eighth);
    }

    [Fact]
    public async Task A_burst_of_commands_is_spread_over_windows_while_heartbeats_keep_their_interval()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.HeartbeatIntervalMs = 500;
        // 10 per second: heartbeats (2 per window, +2 spare) keep 4 slots, IDENTIFY and presence updates share 6.
        await using var bot = await BotHarness.StartAsync(fake, settings: new Dictionary<string, string?>
        {
            ["Bot:Discord:GatewayCommandLimit"] = "10",
            ["Bot:Discord:GatewayCommandWindow"] = "00:00:01",
        });
        var burstStart = fake.Now;

        await Task.WhenAll(Enumerable.Range(0, 18).Select(i =>
            bot.Gateway.SendCommandAsync(GatewayOpCode.PresenceUpdate, Presence($"status {i}"), CancellationToken.None)));

        var burstEnd = fake.Now;
        await fake.WaitUntilAsync(() => fake.Frames(3).Count() == 18, what: "18 presence updates");
        var frames = fake.Received.Where(f => f.Connection == 0).ToList();
        var commands = frames.Where(f => f.Op != 1).Select(f => f.At).ToList();
        // 18 commands at 6 per window: the last 6 wait for the window to slide twice.
        Assert.True(burstEnd - burstStart >= TimeSpan.FromSeconds(1.9), $"burst took {(burstEnd - burstStart).TotalMilliseconds:F0} ms");
        // No window at the fake holds more than allowed (less a little for arrival jitter on a busy machine).
        var span = TimeSpan.FromMilliseconds(800);
        Assert.All(commands, t => Assert.True(commands.Count(c => c >= t && c - t < span) <= 6, $"more than 6 commands within {span} of {t}"));
        Assert.All(frames, f => Assert.True(frames.Count(g => g.At >= f.At && g.At - f.At < span) <= 10, $"more than 10 frames within {span} of {f.At}"));
        // Heartbeats went on at their interval through the burst: no zombie reconnect.
        var beats = fake.Frames(1).Where(f => f.Connection == 0 && f.At >= burstStart && f.At <= burstEnd).Select(f => f.At).ToList();
        Assert.True(beats.Count >= 4, $"{beats.Count} heartbeats during the burst");
        for (var i = 1; i < beats.Count; i++) Assert.True(beats[i] - beats[i - 1] < TimeSpan.FromMilliseconds(800), $"heartbeat gap {(beats[i] - beats[i - 1]).TotalMilliseconds:F0} ms");
        Assert.Single(fake.Connections);
        Assert.Equal(0, bot.Gateway.Resumes);
    }

    [Fact]
    public async Task Heartbeat_IDENTIFY_and_RESUME_cannot_be_sent_as_commands()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake);
        foreach (var op in new[] { GatewayOpCode.Heartbeat, GatewayOpCode.Identify, GatewayOpCode.Resume })
            await Assert.ThrowsAsync<ArgumentException>(() => bot.Gateway.SendCommandAsync(op, null, CancellationToken.None));
    }

    private static JsonObject Presence(string status) => new()
    {
        ["since"] = null,
        ["activities"] = new JsonArray(new JsonObject { ["name"] = status, ["type"] = 4, ["state"] = status }),
        ["status"] = "online",
        ["afk"] = false,
    };
}
