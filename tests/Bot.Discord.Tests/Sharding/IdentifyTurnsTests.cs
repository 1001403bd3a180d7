using System.Diagnostics;
using Bot.Discord.Postgres;

namespace Bot.Discord.Tests.Sharding;

/// <summary>The IDENTIFY turns shared by processes in PostgreSQL (one row per max_concurrency bucket).</summary>
[Collection(PostgresCollection.Name)]
[Integration(TestCategory.Server)]
public sealed class IdentifyTurnsTests(PostgresServer server)
{
    [SkippableFact]
    public async Task Six_processes_racing_for_one_bucket_take_it_one_at_a_time_an_interval_after_each_send()
    {
        var connection = await server.CreateDatabaseAsync();
        var dbs = Enumerable.Range(0, 6).Select(_ => new DiscordPostgres(connection)).ToList();
        var interval = TimeSpan.FromMilliseconds(150);
        var clock = Stopwatch.StartNew();
        int holding = 0, mostHolding = 0;
        var sends = new List<TimeSpan>();
        try
        {
            await Task.WhenAll(dbs.Select(async db =>
            {
                var turns = new PostgresIdentifyTurns(db);
                await turns.TakeAsync(bucket: 1, maxConcurrency: 2, CancellationToken.None);
                var now = Interlocked.Increment(ref holding);
                var sent = clock.Elapsed; // the IDENTIFY "goes out"
                lock (sends)
                {
                    mostHolding = Math.Max(mostHolding, now);
                    sends.Add(sent);
                }
                await Task.Delay(20);
                Interlocked.Decrement(ref holding);
                await turns.EndAsync(1, 2, clock.Elapsed - sent, interval, CancellationToken.None);
            }));
        }
        finally
        {
            foreach (var db in dbs) await db.DisposeAsync();
        }

        Assert.Equal(1, mostHolding);
        var ordered = sends.Order().ToList();
        // A few ms of slack: the database's clock and the test's stopwatch tick differently.
        Assert.All(ordered.Zip(ordered.Skip(1)), p => Assert.True(p.Second - p.First >= interval - TimeSpan.FromMilliseconds(5),
            $"{(p.Second - p.First).TotalMilliseconds:F0} ms between two IDENTIFYs of one bucket"));
    }

    [SkippableFact]
    public async Task A_turn_ended_unsent_frees_the_bucket_at_once_and_other_buckets_never_wait()
    {
        var connection = await server.CreateDatabaseAsync();
        await using var dbA = new DiscordPostgres(connection);
        await using var dbB = new DiscordPostgres(connection);
        var a = new PostgresIdentifyTurns(dbA);
        var b = new PostgresIdentifyTurns(dbB);

        await a.TakeAsync(0, 2, CancellationToken.None);
        await b.TakeAsync(1, 2, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)); // another bucket: free
        var waiting = b.TakeAsync(0, 2, CancellationToken.None);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted); // held by a
        await a.EndAsync(0, 2, sentAgo: null, TimeSpan.FromSeconds(5), CancellationToken.None);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10)); // well before the 20 s hold or the 5 s interval
    }
}
