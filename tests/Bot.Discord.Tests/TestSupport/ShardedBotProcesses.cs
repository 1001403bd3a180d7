using System.Globalization;
using Bot.Discord.Tests.Fake;
using Npgsql;

namespace Bot.Discord.Tests.TestSupport;

/// <summary>
/// Real `bot discord` processes (4 shards, lexical answering, one PostgreSQL database for leases, sessions, events taken
/// up and conversations) against the loopback fake Discord with 8 guilds, two per shard: starting them, reading who
/// holds which lease, asking in every guild and waiting for the replies. Shared by <c>SeveralBotProcessesTests</c> and
/// the takeover benchmark (bench/Bot.DiscordBench).
/// </summary>
/// <param name="fake">The fake Discord (from <see cref="EightGuildsAsync"/>).</param>
/// <param name="connection">The database every process shares.</param>
/// <param name="workPath">Where each process gets its own data folder.</param>
/// <param name="leaseInterval">Bot:Discord:ShardLeaseInterval, e.g. "00:00:00.300".</param>
/// <param name="leaseTtl">Bot:Discord:ShardLeaseTtl, e.g. "00:00:02".</param>
public sealed class ShardedBotProcesses(FakeDiscord fake, string connection, string workPath, string leaseInterval, string leaseTtl)
{
    public const string Delist = "when did Russia delist the Taliban?";

    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private int _started;

    public FakeDiscord Fake => fake;

    /// <summary>
    /// The fake Discord: 4 shards, 8 guilds (two on each), one identify bucket (max_concurrency 1) whose spacing it
    /// enforces with op 9, 401 on a bad token.
    /// </summary>
    public static async Task<FakeDiscord> EightGuildsAsync()
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

    public BotDiscordProcess Start()
    {
        var data = Path.Combine(workPath, "data" + Interlocked.Increment(ref _started));
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
            ["Bot__Discord__ShardLeaseInterval"] = leaseInterval,
            ["Bot__Discord__ShardLeaseTtl"] = leaseTtl,
            ["Bot__Discord__IdentifyInterval"] = "00:00:00.400",
            ["Bot__Discord__ReconnectDelay"] = "00:00:00.100",
        };
        return BotDiscordProcess.Start(workPath, RepoPaths.Seeds, data, env);
    }

    /// <summary>How many shards each live process holds by lease, by process id.</summary>
    public async Task<Dictionary<int, int>> LeasesAsync()
    {
        var held = new Dictionary<int, int>();
        try
        {
            foreach (var pid in (await ShardHoldersAsync()).Values) held[pid] = held.GetValueOrDefault(pid) + 1;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // No process has created the tables yet.
        }
        return held;
    }

    /// <summary>The process id holding each shard's live lease, by shard.</summary>
    public async Task<Dictionary<int, int>> ShardHoldersAsync()
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

    /// <summary>Waits until every one of <paramref name="shards"/> has had its session saved after <paramref name="after"/> (the database's clock).</summary>
    public async Task WaitSessionsSavedAsync(IEnumerable<int> shards, DateTimeOffset after, string what)
    {
        var wanted = shards.ToList();
        var deadline = fake.Now + Generous;
        while (true)
        {
            await using (var c = new NpgsqlConnection(connection))
            {
                await c.OpenAsync();
                await using var cmd = new NpgsqlCommand("SELECT count(*) FROM discord_sessions WHERE shard_count = 4 AND shard_id = ANY(@ids) AND saved_at > @after", c);
                cmd.Parameters.AddWithValue("ids", wanted.ToArray());
                cmd.Parameters.AddWithValue("after", after);
                if (Convert.ToInt32(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture) == wanted.Count) return;
            }
            if (fake.Now > deadline) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the event <paramref name="key"/> ("m{message id}") is recorded as done (its reply sent, its turn recorded).</summary>
    public async Task WaitDoneAsync(string key, string what)
    {
        var deadline = fake.Now + Generous;
        while (true)
        {
            await using (var c = new NpgsqlConnection(connection))
            {
                await c.OpenAsync();
                await using var cmd = new NpgsqlCommand("SELECT count(*) FROM discord_answered WHERE id = @id AND done", c);
                cmd.Parameters.AddWithValue("id", key);
                if (Convert.ToInt32(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture) == 1) return;
            }
            if (fake.Now > deadline) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>The database's clock now.</summary>
    public async Task<DateTimeOffset> DatabaseNowAsync()
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT now()", c);
        return new DateTimeOffset((DateTime)(await cmd.ExecuteScalarAsync())!); // timestamptz: a UTC DateTime
    }

    private bool AllShardsLive() => Enumerable.Range(0, 4).All(s => fake.Session(s)?.Connection is { Live: true });

    /// <summary>Waits until every shard's session has a live connection and each process holds the expected number of leases.</summary>
    public async Task WaitForSharesAsync(IReadOnlyDictionary<int, int> expected, string what, params BotDiscordProcess[] bots)
    {
        var deadline = fake.Now + Generous;
        while (true)
        {
            var held = await LeasesAsync();
            if (AllShardsLive() && expected.All(e => held.GetValueOrDefault(e.Key) == e.Value)) return;
            if (fake.Now > deadline || bots.Any(b => b.HasExited))
                throw new TimeoutException($"timed out waiting for {what}; leases {string.Join(", ", held)}\n" + string.Join("\n----\n", bots.Select(b => b.Log)));
            await Task.Delay(50);
        }
    }

    /// <summary>The replies that appeared in <paramref name="channel"/> (a create Discord deduplicated by its nonce made none).</summary>
    public IEnumerable<RestCall> Replies(ulong channel) =>
        fake.Calls("POST", "/channels/{channel_id}/messages").Where(c => c.Created && c.Major == channel.ToString(CultureInfo.InvariantCulture));

    /// <summary>Every message create the bot sent to <paramref name="channel"/>: created, deduplicated or dropped.</summary>
    public IEnumerable<RestCall> ReplyAttempts(ulong channel) =>
        fake.Calls("POST", "/channels/{channel_id}/messages").Where(c => c.Major == channel.ToString(CultureInfo.InvariantCulture));

    /// <summary>Asks in every guild, one channel (and one asker) per guild from <paramref name="firstChannel"/> on.</summary>
    public async Task AskEveryGuildAsync(ulong firstChannel)
    {
        var channel = firstChannel;
        foreach (var guild in fake.Guilds.ToList())
        {
            await fake.DispatchAsync("MESSAGE_CREATE", fake.Message(Delist, channel, guildId: guild, authorId: channel, mentionBot: true));
            channel++;
        }
    }

    public async Task WaitAnsweredAsync(IEnumerable<ulong> channels, string what, params BotDiscordProcess[] bots)
    {
        var list = channels.ToList();
        try
        {
            await fake.WaitUntilAsync(() => list.All(c => Replies(c).Any()), Generous, what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; unanswered {string.Join(", ", list.Where(c => !Replies(c).Any()))}\n"
                + string.Join("\n----\n", bots.Select(b => b.Log)), e);
        }
    }

    /// <summary>The 8 channels <see cref="AskEveryGuildAsync"/> asks in from <paramref name="first"/> on.</summary>
    public static IEnumerable<ulong> Channels(ulong first) => Enumerable.Range(0, 8).Select(i => first + (ulong)i);
}
