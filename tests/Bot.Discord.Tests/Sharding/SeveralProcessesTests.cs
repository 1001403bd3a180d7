using System.Runtime.CompilerServices;
using Bot.Discord.Postgres;
using Bot.Discord.Sharding;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Discord.Tests.Sharding;

/// <summary>
/// Two bot hosts in one test process, one PostgreSQL database (Bot:Index:Provider=postgres), one fake Discord with 4
/// shards: they divide the shards by leases, hand them over by RESUME, and answer each question once.
/// </summary>
[Collection(PostgresCollection.Name)]
[Integration(TestCategory.Server)]
public sealed class SeveralProcessesTests(PostgresServer server)
{
    private async Task<Dictionary<string, string?>> SettingsAsync() => new()
    {
        ["Bot:Index:Provider"] = "postgres",
        ["Bot:Index:ConnectionString"] = await server.CreateDatabaseAsync(),
        ["Bot:Discord:ShardLeaseInterval"] = "00:00:00.300",
        ["Bot:Discord:ShardLeaseTtl"] = "00:00:02",
        ["Bot:Discord:IdentifyInterval"] = "00:00:00.200",
    };

    private static async Task<FakeDiscord> FourShardsAsync()
    {
        var fake = await FakeDiscord.StartAsync();
        fake.Shards = 4;
        fake.MaxConcurrency = 4;
        fake.RouteLimit = 100;
        fake.Guilds.Clear();
        foreach (var shard in Enumerable.Range(0, 4))
            fake.Guilds.AddRange([FakeDiscord.GuildOnShard(shard, 4, 0), FakeDiscord.GuildOnShard(shard, 4, 1)]);
        return fake;
    }

    private static int Answers(FakeDiscord fake, ulong channel) =>
        fake.Calls("POST", "/channels/{channel_id}/messages").Count(c => c.Status == 200 && c.Major == channel.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static async Task AskEveryGuildAsync(FakeDiscord fake, ulong firstChannel)
    {
        var channel = firstChannel;
        foreach (var guild in fake.Guilds)
            await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("which process?", channel++, guildId: guild, mentionBot: true));
    }

    [SkippableFact]
    public async Task Two_processes_divide_the_shards_by_lease_and_answer_every_guild_once()
    {
        await using var fake = await FourShardsAsync();
        var settings = await SettingsAsync();
        await using var a = await BotHarness.StartAsync(fake, settings: settings, waitForReady: false);
        await fake.WaitUntilAsync(() => a.Gateway.Shards.Count == 4 && a.Gateway.IsReady, what: "the first process runs all 4 shards");
        await using var b = await BotHarness.StartAsync(fake, settings: settings, waitForReady: false);
        await fake.WaitUntilAsync(() => a.Gateway.Shards.Count == 2 && b.Gateway.Shards.Count == 2 && a.Gateway.IsReady && b.Gateway.IsReady,
            TimeSpan.FromSeconds(20), "2 shards each");

        // The handed-over shards were RESUMEd (sessions saved in PostgreSQL), not identified again.
        Assert.Equal(4, fake.IdentifyLog.Count);
        Assert.Equal(2, fake.Frames(6).Count());
        Assert.Empty(a.Gateway.Shards.Select(s => s.Shard.Id).Intersect(b.Gateway.Shards.Select(s => s.Shard.Id)));

        await AskEveryGuildAsync(fake, 900);
        await fake.WaitUntilAsync(() => Enumerable.Range(900, 8).All(c => Answers(fake, (ulong)c) >= 1), what: "every guild answered");
        await Task.Delay(500);
        Assert.All(Enumerable.Range(900, 8), c => Assert.Equal(1, Answers(fake, (ulong)c)));
        Assert.True(a.Answerer!.Requests.Count > 0 && b.Answerer!.Requests.Count > 0, "both processes answered");
    }

    [SkippableFact]
    public async Task A_stopped_process_shards_are_taken_over_by_RESUME_and_what_arrived_meanwhile_is_answered_once()
    {
        await using var fake = await FourShardsAsync();
        var settings = await SettingsAsync();
        var a = await BotHarness.StartAsync(fake, settings: settings, waitForReady: false);
        await fake.WaitUntilAsync(() => a.Gateway.Shards.Count == 4 && a.Gateway.IsReady, what: "the first process runs all 4 shards");
        await using var b = await BotHarness.StartAsync(fake, settings: settings, waitForReady: false);
        await fake.WaitUntilAsync(() => a.Gateway.Shards.Count == 2 && b.Gateway.Shards.Count == 2 && a.Gateway.IsReady && b.Gateway.IsReady,
            TimeSpan.FromSeconds(20), "2 shards each");
        var aShards = a.Gateway.Shards.Select(s => s.Shard.Id).ToList();

        await a.DisposeAsync(); // SIGTERM: closes resumably, saves its sessions, releases its leases
        await AskEveryGuildAsync(fake, 920); // half of them reach the stopped process's sessions
        await fake.WaitUntilAsync(() => b.Gateway.Shards.Count == 4 && b.Gateway.IsReady, TimeSpan.FromSeconds(20), "the other process takes all 4 shards");
        await fake.WaitUntilAsync(() => Enumerable.Range(920, 8).All(c => Answers(fake, (ulong)c) >= 1), TimeSpan.FromSeconds(20), "every question answered");
        await Task.Delay(500);

        Assert.All(Enumerable.Range(920, 8), c => Assert.Equal(1, Answers(fake, (ulong)c)));
        Assert.Equal(4, fake.IdentifyLog.Count); // every takeover was a RESUME
        Assert.All(aShards, id => Assert.Contains(b.Gateway.Shards, s => s.Shard.Id == id));
    }

    [SkippableFact]
    public async Task Processes_starting_together_space_their_identifies_per_bucket_between_them()
    {
        await using var fake = await FourShardsAsync();
        fake.MaxConcurrency = 2; // buckets {0, 2} and {1, 3}: each process has a shard in each
        fake.IdentifyWindow = TimeSpan.FromMilliseconds(500); // below the bots' 600 ms: the fake times an IDENTIFY when it has read it
        fake.EnforceIdentifyWindow = true;
        var settings = await SettingsAsync();
        settings["Bot:Discord:IdentifyInterval"] = "00:00:00.600";
        var first = new Dictionary<string, string?>(settings) { ["Bot:Discord:ShardIds"] = "0-1" };
        var second = new Dictionary<string, string?>(settings) { ["Bot:Discord:ShardIds"] = "2-3" };
        var starting = new[] { BotHarness.StartAsync(fake, settings: first, waitForReady: false), BotHarness.StartAsync(fake, settings: second, waitForReady: false) };
        await using var a = await starting[0];
        await using var b = await starting[1];
        await fake.WaitUntilAsync(() => a.Gateway.IsReady && b.Gateway.IsReady && a.Gateway.Shards.Count == 2 && b.Gateway.Shards.Count == 2,
            TimeSpan.FromSeconds(20), "both processes ready");

        Assert.True(fake.IdentifyViolations == 0, string.Join("; ", fake.ViolationLog));
        Assert.Equal(4, fake.IdentifyLog.Count); // none refused with op 9 and sent again
        foreach (var bucket in new[] { 0, 1 })
        {
            var times = fake.IdentifyLog.Where(i => i.Shard % 2 == bucket).Select(i => i.At).Order().ToList();
            Assert.True(times[1] - times[0] >= fake.IdentifyWindow, $"bucket {bucket}: {(times[1] - times[0]).TotalMilliseconds:F0} ms apart");
        }
    }

    [SkippableFact]
    public async Task A_follow_up_reads_the_same_history_whichever_process_answers_it()
    {
        var connection = await server.CreateDatabaseAsync();
        var options = Microsoft.Extensions.Options.Options.Create(new global::Bot.Core.Conversations.ConversationOptions { MaxTurns = 2 });
        await using var dbA = new global::Bot.Discord.Postgres.DiscordPostgres(connection);
        await using var dbB = new global::Bot.Discord.Postgres.DiscordPostgres(connection);
        var a = new global::Bot.Discord.Postgres.PostgresConversationStore(dbA, options);
        var b = new global::Bot.Discord.Postgres.PostgresConversationStore(dbB, options);

        await a.AppendAsync("c1", new("who delisted the Taliban?", "Russia's Supreme Court."), CancellationToken.None);
        await a.AppendAsync("c1", new("when?", "In April."), CancellationToken.None);
        await a.AppendAsync("c1", new("and why?", "Recognition."), CancellationToken.None);
        Assert.Equal(["when?", "and why?"], (await b.RecentAsync("c1", CancellationToken.None)).Select(t => t.Question));
        Assert.Empty(await b.RecentAsync("c2", CancellationToken.None));
        await b.ResetAsync("c1", CancellationToken.None);
        Assert.Empty(await a.RecentAsync("c1", CancellationToken.None));
    }

    [SkippableFact]
    public async Task A_vanished_process_leases_expire_and_the_taker_resumes_without_answering_anything_twice()
    {
        await using var fake = await FourShardsAsync();
        var settings = await SettingsAsync();
        var crashed = new StrongBox<bool>();
        void Crashable(IServiceCollection s, IConfiguration c)
        {
            s.AddSingleton(_ => new DiscordPostgres(c["Bot:Index:ConnectionString"]!));
            s.AddSingleton<PostgresShardCoordinator>();
            s.AddSingleton<PostgresGatewaySessionStore>();
            s.AddSingleton<IShardCoordinator>(sp => new VanishingCoordinator(sp.GetRequiredService<PostgresShardCoordinator>(), crashed));
            s.AddSingleton<IGatewaySessionStore>(sp => new VanishingSessionStore(sp.GetRequiredService<PostgresGatewaySessionStore>(), crashed));
        }
        var a = await BotHarness.StartAsync(fake, Crashable, settings, waitForReady: false);
        await fake.WaitUntilAsync(() => a.Gateway.Shards.Count == 4 && a.Gateway.IsReady, what: "the first process runs all 4 shards");
        await using var b = await BotHarness.StartAsync(fake, settings: settings, waitForReady: false);
        await fake.WaitUntilAsync(() => a.Gateway.Shards.Count == 2 && b.Gateway.Shards.Count == 2 && a.Gateway.IsReady && b.Gateway.IsReady,
            TimeSpan.FromSeconds(20), "2 shards each");
        await AskEveryGuildAsync(fake, 940);
        await fake.WaitUntilAsync(() => Enumerable.Range(940, 8).All(c => Answers(fake, (ulong)c) == 1), what: "answered before the crash");

        // The process vanishes: no lease released, no session saved on the way out (only the periodic saves before).
        crashed.Value = true;
        await a.DisposeAsync();
        await AskEveryGuildAsync(fake, 960);
        await fake.WaitUntilAsync(() => b.Gateway.Shards.Count == 4 && b.Gateway.IsReady, TimeSpan.FromSeconds(30), "the leases expire and the other process takes them");
        await fake.WaitUntilAsync(() => Enumerable.Range(960, 8).All(c => Answers(fake, (ulong)c) >= 1), TimeSpan.FromSeconds(20), "every question answered");
        await Task.Delay(500);

        Assert.All(Enumerable.Range(940, 8).Concat(Enumerable.Range(960, 8)), c => Assert.Equal(1, Answers(fake, (ulong)c)));
        Assert.Equal(4, fake.IdentifyLog.Count); // the takeover RESUMEd the last saved sessions
    }

    private sealed class VanishingCoordinator(IShardCoordinator inner, StrongBox<bool> crashed) : IShardCoordinator
    {
        public Task<IReadOnlyList<int>> AcquireAsync(int shardCount, CancellationToken cancellationToken) => inner.AcquireAsync(shardCount, cancellationToken);

        public Task<bool> RenewAsync(int shardId, int shardCount, bool canHandOver, CancellationToken cancellationToken) =>
            crashed.Value ? Task.FromResult(true) : inner.RenewAsync(shardId, shardCount, canHandOver, cancellationToken);

        public Task ReleaseAsync(int shardId, int shardCount, CancellationToken cancellationToken) =>
            crashed.Value ? Task.CompletedTask : inner.ReleaseAsync(shardId, shardCount, cancellationToken);
    }

    private sealed class VanishingSessionStore(IGatewaySessionStore inner, StrongBox<bool> crashed) : IGatewaySessionStore
    {
        public Task<SavedSession?> LoadAsync(ShardInfo shard, CancellationToken cancellationToken) => inner.LoadAsync(shard, cancellationToken);

        public Task SaveAsync(ShardInfo shard, SavedSession session, CancellationToken cancellationToken) =>
            crashed.Value ? Task.CompletedTask : inner.SaveAsync(shard, session, cancellationToken);

        public Task ClearAsync(ShardInfo shard, CancellationToken cancellationToken) => inner.ClearAsync(shard, cancellationToken);
    }
}
