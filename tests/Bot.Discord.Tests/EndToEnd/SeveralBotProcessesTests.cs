using System.Globalization;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;
using Npgsql;
using Xunit.Abstractions;

namespace Bot.Discord.Tests.EndToEnd;

/// <summary>
/// Real `bot discord` processes (4 shards, 8 guilds, one PostgreSQL database, lexical answering) against the loopback
/// fake Discord, which routes each guild's events to shard (guild_id &gt;&gt; 22) % 4 and answers an IDENTIFY sooner than
/// the window after the last one (max_concurrency 1: one bucket) with op 9. Lease timings are shortened so a takeover
/// takes seconds; the takeover time is written to the test output.
/// </summary>
[Collection(PostgresCollection.Name)]
[Integration(TestCategory.Process, TestCategory.Server)]
public sealed class SeveralBotProcessesTests(PostgresServer server, ITestOutputHelper output) : IDisposable
{
    private const string Delist = "when did Russia delist the Taliban?";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private readonly TempFolder _work = new();
    private int _started;

    // Short by default so a takeover takes seconds; BOT_TEST_LEASE_INTERVAL / BOT_TEST_LEASE_TTL (e.g. 00:00:05 / 00:00:20,
    // the shipped defaults) measure the takeover time with other settings.
    private static string LeaseInterval => Environment.GetEnvironmentVariable("BOT_TEST_LEASE_INTERVAL") ?? "00:00:00.300";

    private static string LeaseTtl => Environment.GetEnvironmentVariable("BOT_TEST_LEASE_TTL") ?? "00:00:02";

    private static async Task<FakeDiscord> EightGuildsAsync()
    {
        var fake = await FakeDiscord.StartAsync();
        fake.Shards = 4;
        fake.MaxConcurrency = 1;
        // Why shorter than the bots' interval (400 ms): the fake times an IDENTIFY when it has read it, later than the bot sent it.
        fake.IdentifyWindow = TimeSpan.FromMilliseconds(200);
        fake.EnforceIdentifyWindow = true;
        fake.RejectBadAuthorization = true;
        fake.RouteLimit = 100;
        fake.Guilds.Clear();
        foreach (var shard in Enumerable.Range(0, 4))
            fake.Guilds.AddRange([FakeDiscord.GuildOnShard(shard, 4, 0), FakeDiscord.GuildOnShard(shard, 4, 1)]);
        return fake;
    }

    private BotDiscordProcess Start(FakeDiscord fake, string connection)
    {
        var data = Path.Combine(_work.Path, "data" + Interlocked.Increment(ref _started));
        var env = new Dictionary<string, string>
        {
            ["DISCORD_TOKEN"] = fake.Token,
            ["Bot__Discord__ApiBaseUrl"] = fake.ApiBase,
            ["Bot__Discord__ShardCount"] = "4",
            ["Bot__Index__Provider"] = "postgres",
            ["Bot__Index__ConnectionString"] = connection,
            ["Bot__Conversations__Provider"] = "postgres",
            ["Bot__Embeddings__Provider"] = "none",
            ["Bot__Feedback__Enabled"] = "false",
            ["Bot__Watch__Enabled"] = "false",
            ["Bot__Discord__RestProcesses"] = "2",
            ["Bot__Discord__ShardLeaseInterval"] = LeaseInterval,
            ["Bot__Discord__ShardLeaseTtl"] = LeaseTtl,
            ["Bot__Discord__IdentifyInterval"] = "00:00:00.400",
            ["Bot__Discord__ReconnectDelay"] = "00:00:00.100",
        };
        return BotDiscordProcess.Start(_work.Path, RepoPaths.Seeds, data, env);
    }

    /// <summary>The shards each live process holds by lease, by process id.</summary>
    private static async Task<Dictionary<int, int>> LeasesAsync(string connection)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT holder FROM discord_shard_leases WHERE expires_at > now()", c);
        var held = new Dictionary<int, int>();
        try
        {
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var pid = int.Parse(reader.GetString(0).Split('/')[1], CultureInfo.InvariantCulture);
                held[pid] = held.GetValueOrDefault(pid) + 1;
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // No process has created the tables yet.
        }
        return held;
    }

    private static bool AllShardsLive(FakeDiscord fake) => Enumerable.Range(0, 4).All(s => fake.Session(s)?.Connection is { Live: true });

    private static async Task WaitForSharesAsync(FakeDiscord fake, string connection, IReadOnlyDictionary<int, int> expected, string what, params BotDiscordProcess[] bots)
    {
        var deadline = fake.Now + Generous;
        while (true)
        {
            var held = await LeasesAsync(connection);
            if (AllShardsLive(fake) && expected.All(e => held.GetValueOrDefault(e.Key) == e.Value)) return;
            if (fake.Now > deadline || bots.Any(b => b.HasExited))
                throw new TimeoutException($"timed out waiting for {what}; leases {string.Join(", ", held)}\n" + string.Join("\n----\n", bots.Select(b => b.Log)));
            await Task.Delay(50);
        }
    }

    private static IEnumerable<RestCall> Replies(FakeDiscord fake, ulong channel) =>
        fake.Calls("POST", "/channels/{channel_id}/messages").Where(c => c.Status == 200 && c.Major == channel.ToString(CultureInfo.InvariantCulture));

    /// <summary>Asks in every guild, one channel (and one asker) per guild from <paramref name="firstChannel"/> on.</summary>
    private static async Task AskEveryGuildAsync(FakeDiscord fake, ulong firstChannel)
    {
        var channel = firstChannel;
        foreach (var guild in fake.Guilds.ToList())
        {
            await fake.DispatchAsync("MESSAGE_CREATE", fake.Message(Delist, channel, guildId: guild, authorId: channel, mentionBot: true));
            channel++;
        }
    }

    private static async Task WaitAnsweredAsync(FakeDiscord fake, IEnumerable<ulong> channels, string what, params BotDiscordProcess[] bots)
    {
        var list = channels.ToList();
        try
        {
            await fake.WaitUntilAsync(() => list.All(c => Replies(fake, c).Any()), Generous, what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; unanswered {string.Join(", ", list.Where(c => !Replies(fake, c).Any()))}\n"
                + string.Join("\n----\n", bots.Select(b => b.Log)), e);
        }
    }

    private static IEnumerable<ulong> Channels(ulong first) => Enumerable.Range(0, 8).Select(i => first + (ulong)i);

    [SkippableFact]
    public async Task Two_processes_answer_every_guild_once_and_a_SIGKILLed_one_is_taken_over_with_its_follow_up_intact()
    {
        var connection = await server.CreateDatabaseAsync();
        await using var fake = await EightGuildsAsync();
        await using var a = Start(fake, connection);
        await using var b = Start(fake, connection);
        await WaitForSharesAsync(fake, connection, new Dictionary<int, int> { [a.Id] = 2, [b.Id] = 2 }, "2 shards each", a, b);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"both processes started and shards divided 2/2 after {fake.Now.TotalSeconds:F1} s"));

        await AskEveryGuildAsync(fake, 900);
        await WaitAnsweredAsync(fake, Channels(900), "every guild answered", a, b);

        // A conversation begun on a shard of the process about to die.
        var leases = await ShardHoldersAsync(connection);
        var victimShard = leases.First(l => l.Value == a.Id).Key;
        var guild = FakeDiscord.GuildOnShard(victimShard, 4);
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message(Delist, 950, guildId: guild, authorId: 950, mentionBot: true));
        await WaitAnsweredAsync(fake, [950], "the first question of the conversation", a, b);

        var connectionsBefore = fake.Connections.Count;
        await a.KillAsync();
        var killedAt = fake.Now;
        await AskEveryGuildAsync(fake, 960);
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("and when did they blacklist them?", 950, guildId: guild, authorId: 950, mentionBot: true));

        await WaitForSharesAsync(fake, connection, new Dictionary<int, int> { [b.Id] = 4 }, "the survivor holds every shard", b);
        var takenOver = fake.Now - killedAt;
        await WaitAnsweredAsync(fake, Channels(960), "every question asked after the kill", b);
        await fake.WaitUntilAsync(() => Replies(fake, 950).Count() >= 2, Generous, "the follow-up answered");
        var answered = fake.Now - killedAt;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"takeover after SIGKILL: shards resumed {takenOver.TotalSeconds:F2} s, every question answered {answered.TotalSeconds:F2} s (lease interval {LeaseInterval}, TTL {LeaseTtl})"));
        await Task.Delay(1000); // a duplicate would come now, if at all

        Assert.All(Channels(900).Concat(Channels(960)), c => Assert.Single(Replies(fake, c)));
        var followUp = Replies(fake, 950).ToList();
        Assert.Equal(2, followUp.Count);
        Assert.Contains("In 2003, Russia blacklisted the Taliban", followUp[1].Content, StringComparison.Ordinal);
        Assert.Contains("Read as a follow-up to", followUp[1].Content, StringComparison.Ordinal);
        // The dead process's shards were RESUMEd, not identified again; no IDENTIFY broke the spacing of the bucket.
        Assert.True(fake.IdentifyLog.Count == 4, Identifies(fake) + "\n" + a.Log + "\n----\n" + b.Log);
        Assert.Equal(0, fake.IdentifyViolations);
        Assert.All(fake.Connections.Skip(connectionsBefore).Where(c => c.Shard >= 0), c => Assert.True(c.ViaResumeUrl));
    }

    [SkippableFact]
    public async Task A_SIGTERMed_process_sessions_are_resumed_and_questions_sent_while_it_was_down_are_answered_once()
    {
        var connection = await server.CreateDatabaseAsync();
        await using var fake = await EightGuildsAsync();
        await using var a = Start(fake, connection);
        await using var b = Start(fake, connection);
        await WaitForSharesAsync(fake, connection, new Dictionary<int, int> { [a.Id] = 2, [b.Id] = 2 }, "2 shards each", a, b);

        Assert.Equal(0, await a.TerminateAsync(Generous));
        await AskEveryGuildAsync(fake, 980);
        await using var c = Start(fake, connection);
        await WaitAnsweredAsync(fake, Channels(980), "every question asked while the process was down", b, c);
        await WaitForSharesAsync(fake, connection, new Dictionary<int, int> { [b.Id] = 2, [c.Id] = 2 }, "the new process runs 2 shards", b, c);
        await Task.Delay(1000); // a duplicate would come now, if at all

        Assert.All(Channels(980), ch => Assert.Single(Replies(fake, ch)));
        Assert.True(fake.IdentifyLog.Count == 4, Identifies(fake)); // every hand-over was a RESUME
        Assert.Equal(0, fake.IdentifyViolations);
        Assert.Contains(fake.Connections, x => x.ClientCloseCode == 4900); // the stop kept its sessions (not 1000)
    }

    private static string Identifies(FakeDiscord fake) =>
        "identifies: " + string.Join(", ", fake.IdentifyLog.Select(i => string.Create(CultureInfo.InvariantCulture, $"shard {i.Shard} at {i.At.TotalSeconds:F2} s")));

    private static async Task<Dictionary<int, int>> ShardHoldersAsync(string connection)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT shard_id, holder FROM discord_shard_leases WHERE expires_at > now()", c);
        var holders = new Dictionary<int, int>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            holders[reader.GetInt32(0)] = int.Parse(reader.GetString(1).Split('/')[1], CultureInfo.InvariantCulture);
        return holders;
    }

    public void Dispose() => _work.Dispose();
}
