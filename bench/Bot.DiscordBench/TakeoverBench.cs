using System.Globalization;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;

namespace Bot.DiscordBench;

/// <summary>
/// Takeover time after a SIGKILL: two real `bot discord` processes (4 shards, 8 guilds, one throw-away PostgreSQL
/// cluster) against the fake Discord; one answer in flight in each of the victim's 4 guilds (the fake holds the replies:
/// two had reached Discord, two never arrive), then SIGKILL, and a question at once in every guild. Measured from the kill:
/// the survivor holds every shard with every session live again (RESUMEd), and every question — those in flight at the
/// kill and those asked after it — has its one reply. A fresh database and pair of processes per run.
/// </summary>
internal static class TakeoverBench
{
    public static async Task RunAsync(int runs, IReadOnlyList<(string Interval, string Ttl)> leases)
    {
        var server = new PostgresServer();
        await server.InitializeAsync();
        try
        {
            server.EnsureAvailable();
            foreach (var (interval, ttl) in leases)
            {
                var resumed = new List<double>();
                var answered = new List<double>();
                for (var run = 1; run <= runs; run++)
                {
                    var (r, a, twice) = await OnceAsync(server, interval, ttl);
                    resumed.Add(r);
                    answered.Add(a);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"lease {interval} / {ttl}, run {run}: shards resumed {r:F2} s, every question answered {a:F2} s, answered twice {twice}"));
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"lease {interval} / {ttl}: median of {runs}: shards resumed {Median(resumed):F2} s ({resumed.Min():F2}–{resumed.Max():F2}), every question answered {Median(answered):F2} s ({answered.Min():F2}–{answered.Max():F2})"));
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task<(double Resumed, double Answered, int Twice)> OnceAsync(PostgresServer server, string interval, string ttl)
    {
        using var work = new TempFolder();
        var connection = await server.CreateDatabaseAsync();
        await using var fake = await ShardedBotProcesses.EightGuildsAsync();
        var p = new ShardedBotProcesses(fake, connection, work.Path, interval, ttl);
        await using var a = p.Start();
        await using var b = p.Start();
        await p.WaitForSharesAsync(new Dictionary<int, int> { [a.Id] = 2, [b.Id] = 2 }, "2 shards each", a, b);
        await p.AskEveryGuildAsync(900);
        await p.WaitAnsweredAsync(ShardedBotProcesses.Channels(900), "every guild answered", a, b);

        var victimGuilds = (await p.ShardHoldersAsync()).Where(l => l.Value == a.Id)
            .SelectMany(l => new[] { FakeDiscord.GuildOnShard(l.Key, 4, 0), FakeDiscord.GuildOnShard(l.Key, 4, 1) }).ToList();
        var inFlight = victimGuilds.Select((g, i) => (Channel: 940 + (ulong)i, Guild: g)).ToList();
        foreach (var (ch, _) in inFlight) fake.HoldReplies[ch.ToString(CultureInfo.InvariantCulture)] = ch % 2 == 0;
        foreach (var (ch, g) in inFlight)
            await fake.DispatchAsync("MESSAGE_CREATE", fake.Message(ShardedBotProcesses.Delist, ch, guildId: g, authorId: ch, mentionBot: true));
        await fake.WaitUntilAsync(() => fake.HeldReplyCount == inFlight.Count, ShardedBotProcesses.Generous, "the answers in flight");

        await a.KillAsync();
        var killedAt = fake.Now;
        fake.ReleaseHeldReplies();
        await p.AskEveryGuildAsync(960);
        await p.WaitForSharesAsync(new Dictionary<int, int> { [b.Id] = 4 }, "the survivor holds every shard", b);
        var resumed = fake.Now - killedAt;
        var channels = ShardedBotProcesses.Channels(960).Concat(inFlight.Select(f => f.Channel)).ToList();
        await p.WaitAnsweredAsync(channels, "every question answered", b);
        var answered = fake.Now - killedAt;
        await Task.Delay(1000); // a duplicate would come now, if at all
        var twice = channels.Concat(ShardedBotProcesses.Channels(900)).Count(c => p.Replies(c).Count() > 1);
        return (resumed.TotalSeconds, answered.TotalSeconds, twice);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
