using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;

namespace Bot.Discord.Tests.Sharding;

/// <summary>Several shards in one process against the fake Discord, which routes each guild's events to its shard.</summary>
[Integration(TestCategory.Server)]
public sealed class ShardingTests
{
    private static Dictionary<string, string?> Fast(string interval = "00:00:00.500") => new() { ["Bot:Discord:IdentifyInterval"] = interval };

    [Fact]
    public async Task Each_shard_identifies_with_its_pair_per_concurrency_bucket_and_answers_its_guilds_once()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.Shards = 4;
        fake.MaxConcurrency = 2;
        // The fake stamps an IDENTIFY when its reader gets to it; on a loaded machine that lags by tens of milliseconds,
        // so it checks 400 ms against the bot's 500 ms: an unspaced pair (0 ms apart) is still caught.
        fake.IdentifyWindow = TimeSpan.FromMilliseconds(400);
        fake.Guilds.Clear();
        foreach (var shard in Enumerable.Range(0, 4))
            fake.Guilds.AddRange([FakeDiscord.GuildOnShard(shard, 4, 0), FakeDiscord.GuildOnShard(shard, 4, 1)]);
        await using var bot = await BotHarness.StartAsync(fake, settings: Fast());

        Assert.Equal(4, bot.Gateway.ShardCount);
        Assert.Equal([0, 1, 2, 3], fake.IdentifyLog.Select(i => i.Shard).Order());
        Assert.All(fake.IdentifyLog, i => Assert.Equal(4, i.Count));
        Assert.True(fake.IdentifyViolations == 0, string.Join("; ", fake.ViolationLog));
        Assert.Equal(4, fake.Connections.Count);

        ulong channel = 700;
        foreach (var guild in fake.Guilds)
            await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("which shard?", ++channel, guildId: guild, mentionBot: true));
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("a direct message", 799, guildId: null));
        await fake.WaitUntilAsync(() => Enumerable.Range(701, 8).All(c => bot.Posts((ulong)c).Count == 1) && bot.Posts(799).Count == 1, what: "every answer");

        // Each guild's question arrived on the connection of its shard; the DM on shard 0.
        Assert.Empty(fake.Undelivered);
        Assert.Equal(9, bot.Answerer!.Requests.Count);
        Assert.Equal(0, fake.Session(0)!.Connection!.Shard);
        Assert.Contains(fake.Session(0)!.Log, l => l.Contains("a direct message", StringComparison.Ordinal));
        for (var shard = 0; shard < 4; shard++)
            Assert.Equal(2, fake.Session(shard)!.Log.Count(l => l.Contains("which shard?", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ShardIds_limit_the_process_to_its_shards()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.IdentifyWindow = TimeSpan.FromMilliseconds(200); // against the bot's 300 ms: room for the fake's reader lag
        await using var bot = await BotHarness.StartAsync(fake, settings: new Dictionary<string, string?>
        {
            ["Bot:Discord:ShardCount"] = "4",
            ["Bot:Discord:ShardIds"] = "1,3",
            ["Bot:Discord:IdentifyInterval"] = "00:00:00.300",
        });

        Assert.Equal([1, 3], bot.Gateway.Shards.Select(s => s.Shard.Id));
        Assert.Equal([1, 3], fake.IdentifyLog.Select(i => i.Shard).Order());
        Assert.Null(fake.Session(0));
        Assert.True(fake.IdentifyViolations == 0, string.Join("; ", fake.ViolationLog));
    }

    [Fact]
    public async Task Close_4011_reads_the_recommended_count_again_and_restarts_the_shards_with_it()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.Shards = 2;
        fake.MaxGuildsPerShard = 2;
        fake.IdentifyWindow = TimeSpan.FromMilliseconds(200);
        fake.Guilds.Clear();
        fake.Guilds.AddRange([FakeDiscord.GuildOnShard(0, 2), FakeDiscord.GuildOnShard(1, 2), FakeDiscord.GuildOnShard(0, 2, 1), FakeDiscord.GuildOnShard(1, 2, 1)]);
        // Configured too low: the single shard would hold 4 guilds, so Discord closes it with 4011.
        await using var bot = await BotHarness.StartAsync(fake, settings: new Dictionary<string, string?>
        {
            ["Bot:Discord:ShardCount"] = "1",
            ["Bot:Discord:IdentifyInterval"] = "00:00:00.300",
        }, waitForReady: false);
        await fake.WaitUntilAsync(() => bot.Gateway.IsReady && bot.Gateway.ShardCount == 2, what: "two shards ready");

        Assert.Null(bot.Status.FatalError);
        Assert.Equal(1, bot.Gateway.Reshards);
        Assert.Equal((0, 1), fake.IdentifyLog.Select(i => (i.Shard, i.Count)).First());
        Assert.Equal([(0, 2), (1, 2)], fake.IdentifyLog.Skip(1).Select(i => (i.Shard, i.Count)).Order());
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("after resharding?", 710, guildId: FakeDiscord.GuildOnShard(1, 2), mentionBot: true));
        await fake.WaitAsync(() => bot.Posts(710).FirstOrDefault(), what: "answer on shard 1");
    }

    [Fact]
    public async Task Identifies_wait_for_the_session_start_limit_to_reset_instead_of_exhausting_it()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.Shards = 2;
        fake.MaxConcurrency = 2; // separate buckets: only the session start limit can hold shard 1 back
        fake.SessionStartsRemaining = 1;
        fake.SessionStartsResetAfterMs = 1500;
        await using var bot = await BotHarness.StartAsync(fake, settings: Fast());

        var identifies = fake.IdentifyLog.ToList();
        Assert.Equal(2, identifies.Count);
        Assert.True(identifies[1].At - identifies[0].At >= TimeSpan.FromSeconds(1.3),
            $"second IDENTIFY {(identifies[1].At - identifies[0].At).TotalMilliseconds:F0} ms after the first");
        // The limit was read again after the reset (start-up, then the refresh).
        Assert.True(fake.Calls("GET", "/gateway/bot").Count() >= 2);
        Assert.Contains(bot.Logs.Lines, l => l.Text.Contains("No session starts left", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rejected_token_gets_401_on_REST_and_stops_before_any_gateway_connection()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.RejectBadAuthorization = true;
        await using var bot = await BotHarness.StartAsync(fake, settings: new Dictionary<string, string?> { ["Bot:Discord:Token"] = "wrong-token" }, waitForReady: false);
        await fake.WaitUntilAsync(() => bot.Status.FatalError is not null, what: "fatal stop");

        Assert.Equal(4004, bot.Status.FatalCloseCode);
        Assert.Equal(401, Assert.Single(fake.Calls("GET", "/gateway/bot")).Status);
        Assert.Empty(fake.GatewayAttempts);
    }

    [Fact]
    public void Shard_of_a_guild_is_its_id_shifted_by_22_modulo_the_count() =>
        Assert.Equal(3, global::Bot.Discord.Sharding.ShardInfo.ForGuild(FakeDiscord.GuildOnShard(3, 4, 5), 4));
}
