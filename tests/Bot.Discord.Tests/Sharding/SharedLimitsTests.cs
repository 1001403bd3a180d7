using System.Diagnostics;
using Bot.Discord.Postgres;
using Bot.Discord.Rest;
using Bot.Discord.Sharding;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bot.Discord.Tests.Sharding;

/// <summary>
/// Limits that belong to the bot, not to one process, kept in PostgreSQL: <c>session_start_limit</c> (never exhausted by
/// several processes together; they wait for <c>reset_after</c>) and the REST budget (divided by the live processes).
/// </summary>
[Collection(PostgresCollection.Name)]
[Integration(TestCategory.Server)]
public sealed class SharedLimitsTests(PostgresServer server)
{
    /// <summary>Discord's side of session_start_limit: <c>total</c> starts per window, windows back to back from the start.</summary>
    private sealed class FakeSessionLimit(int total, TimeSpan window)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Dictionary<long, int> _used = [];
        private readonly Lock _lock = new();

        public int Started, OverTheLimit, Reads;

        public GatewayBotInfo Read()
        {
            lock (_lock)
            {
                Reads++;
                var (index, left) = Now();
                return new GatewayBotInfo("wss://gateway.invalid", 1, total - _used.GetValueOrDefault(index), left);
            }
        }

        /// <summary>An IDENTIFY reached Discord.</summary>
        public void Identify()
        {
            lock (_lock)
            {
                var (index, _) = Now();
                var used = _used.GetValueOrDefault(index);
                if (used >= total) OverTheLimit++;
                _used[index] = used + 1;
                Started++;
            }
        }

        private (long Index, TimeSpan Left) Now()
        {
            var elapsed = _clock.Elapsed;
            var index = elapsed.Ticks / window.Ticks;
            return (index, TimeSpan.FromTicks(window.Ticks * (index + 1)) - elapsed);
        }
    }

    private static IdentifyScheduler Scheduler(FakeSessionLimit limit, ISessionStarts? starts)
    {
        var scheduler = new IdentifyScheduler(TimeSpan.Zero, NullLogger.Instance, starts: starts) { Refresh = _ => Task.FromResult(limit.Read()) };
        scheduler.Update(limit.Read());
        return scheduler;
    }

    private static Task IdentifyAsync(IdentifyScheduler scheduler, FakeSessionLimit limit, int identifies) => Task.Run(async () =>
    {
        for (var shard = 0; shard < identifies; shard++)
        {
            await using var ticket = await scheduler.AcquireAsync(shard, CancellationToken.None);
            limit.Identify();
            ticket.Sent();
        }
    });

    [Fact]
    public async Task Processes_counting_session_starts_alone_exceed_the_limit_together()
    {
        // The peer of the next test: each process trusts its own reading of 3 remaining.
        var limit = new FakeSessionLimit(3, TimeSpan.FromMinutes(5));
        // Both read the limit before either identifies: built inline, the second could read after the first's three
        // IDENTIFYs on a loaded machine, see 0 remaining and wait out the 5-minute reset (a race, not the behaviour).
        var (a, b) = (Scheduler(limit, null), Scheduler(limit, null));
        await Task.WhenAll(IdentifyAsync(a, limit, 3), IdentifyAsync(b, limit, 3));
        Assert.Equal(3, limit.OverTheLimit);
    }

    [SkippableFact]
    public async Task Processes_sharing_the_session_start_count_never_exceed_it_and_wait_for_reset_after()
    {
        var connection = await server.CreateDatabaseAsync();
        await using var dbA = new DiscordPostgres(connection);
        await using var dbB = new DiscordPostgres(connection);
        var limit = new FakeSessionLimit(3, TimeSpan.FromSeconds(1));
        var a = Scheduler(limit, new PostgresSessionStarts(dbA));
        var b = Scheduler(limit, new PostgresSessionStarts(dbB));

        // 8 IDENTIFYs against 3 a window: three windows, every process waiting out the resets in between.
        await Task.WhenAll(IdentifyAsync(a, limit, 4), IdentifyAsync(b, limit, 4)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(8, limit.Started);
        Assert.Equal(0, limit.OverTheLimit);
        Assert.True(limit.Reads > 2, $"{limit.Reads} readings: the limit is read again after each reset");
    }

    [SkippableFact]
    public async Task A_session_start_given_back_unsent_is_free_for_another_process()
    {
        var connection = await server.CreateDatabaseAsync();
        await using var dbA = new DiscordPostgres(connection);
        await using var dbB = new DiscordPostgres(connection);
        var limit = new FakeSessionLimit(1, TimeSpan.FromMinutes(5));
        var a = Scheduler(limit, new PostgresSessionStarts(dbA));
        var b = Scheduler(limit, new PostgresSessionStarts(dbB));

        await (await a.AcquireAsync(0, CancellationToken.None)).DisposeAsync(); // the connection failed before IDENTIFY
        var starts = new PostgresSessionStarts(dbA);
        Assert.Equal(1, (await starts.ReadAsync(CancellationToken.None))!.Value.Remaining);
        await IdentifyAsync(b, limit, 1).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, (await starts.ReadAsync(CancellationToken.None))!.Value.Remaining);
        Assert.Equal((1, 0), (limit.Started, limit.OverTheLimit));
    }

    [SkippableFact]
    public async Task The_rest_budget_is_divided_by_the_live_processes_when_more_run_than_configured()
    {
        var connection = await server.CreateDatabaseAsync();
        await using var db = new DiscordPostgres(connection);
        var options = Options.Create(new DiscordOptions { Token = "t", GlobalRequestsPerSecond = 45, RestProcesses = 1 });
        using var rest = new DiscordRestClient(new HttpClient(), options, NullLogger<DiscordRestClient>.Instance);
        var budget = new PostgresRestBudget(db, rest, options, NullLogger<PostgresRestBudget>.Instance);
        Assert.Equal(0, await budget.UpdateAsync(CancellationToken.None));
        Assert.Equal(45, rest.RequestsPerSecond);

        await using (var c = await db.OpenAsync(CancellationToken.None))
        await using (var live = new NpgsqlCommand("""
            INSERT INTO discord_processes (holder, seen_at) VALUES ('a', now()), ('b', now()), ('c', now()), ('gone', now() - interval '1 hour')
            """, c))
            await live.ExecuteNonQueryAsync();
        Assert.Equal(3, await budget.UpdateAsync(CancellationToken.None));
        Assert.Equal(15, rest.RequestsPerSecond); // 45 / 3: three processes together stay at 45 a second

        await using (var c = await db.OpenAsync(CancellationToken.None))
        await using (var stop = new NpgsqlCommand("DELETE FROM discord_processes WHERE holder IN ('b', 'c')", c))
            await stop.ExecuteNonQueryAsync();
        Assert.Equal(1, await budget.UpdateAsync(CancellationToken.None));
        Assert.Equal(45, rest.RequestsPerSecond);
    }
}
