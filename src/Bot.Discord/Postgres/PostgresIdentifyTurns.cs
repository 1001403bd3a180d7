using System.Globalization;
using Bot.Discord.Sharding;
using Npgsql;

namespace Bot.Discord.Postgres;

/// <summary>
/// IDENTIFY turns in PostgreSQL: one row per <c>max_concurrency</c> bucket (<c>discord_identify_turns</c>) with its holder
/// and the time it is next free. A turn is taken by an upsert that only succeeds when that time has passed (the row's lock
/// makes two processes' takes one after the other); while held the row says "free in <see cref="Hold"/>" (a process
/// that dies holding it blocks the bucket no longer than that); once the IDENTIFY is sent it says "free one interval after
/// the send".
/// </summary>
public sealed class PostgresIdentifyTurns(DiscordPostgres db) : IIdentifyTurns
{
    /// <summary>How long a taken turn blocks its bucket at most when its IDENTIFY is never reported (connect and HELLO).</summary>
    public static readonly TimeSpan Hold = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(1);

    /// <summary>This process's name in the turn table.</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public async Task TakeAsync(int bucket, int maxConcurrency, CancellationToken cancellationToken)
    {
        while (true)
        {
            double wait;
            await using (var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false))
            await using (var take = new NpgsqlCommand("""
                WITH taken AS (
                    INSERT INTO discord_identify_turns AS t (max_concurrency, bucket, holder, next_at) VALUES (@mc, @b, @me, now() + make_interval(secs => @hold))
                    ON CONFLICT (max_concurrency, bucket) DO UPDATE SET holder = excluded.holder, next_at = excluded.next_at WHERE t.next_at <= now()
                    RETURNING 1)
                SELECT CASE WHEN EXISTS (SELECT 1 FROM taken) THEN -1
                    ELSE greatest(0, (SELECT extract(epoch FROM next_at - now())::float8 FROM discord_identify_turns WHERE max_concurrency = @mc AND bucket = @b)) END
                """, c))
            {
                take.Parameters.AddWithValue("mc", maxConcurrency);
                take.Parameters.AddWithValue("b", bucket);
                take.Parameters.AddWithValue("me", Holder);
                take.Parameters.AddWithValue("hold", Hold.TotalSeconds);
                // Not taken, the row as of this statement's snapshot: when another process took the turn meanwhile that row is
                // older than the one the upsert saw (its time may have passed, or it may not exist yet: NULL): look again shortly.
                var result = await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                wait = result is null or DBNull ? 0.05 : Convert.ToDouble(result, CultureInfo.InvariantCulture);
            }
            if (wait < 0) return;
            // Why a cap: a turn ended early (its IDENTIFY not sent) frees the bucket before the time the row showed.
            var delay = TimeSpan.FromSeconds(Math.Clamp(wait, 0.01, MaxPoll.TotalSeconds));
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task EndAsync(int bucket, int maxConcurrency, TimeSpan? sentAgo, TimeSpan interval, CancellationToken cancellationToken)
    {
        var left = sentAgo is { } ago ? Math.Max(0, (interval - ago).TotalSeconds) : 0;
        await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var end = new NpgsqlCommand("""
            UPDATE discord_identify_turns SET next_at = now() + make_interval(secs => @left)
            WHERE max_concurrency = @mc AND bucket = @b AND holder = @me
            """, c);
        end.Parameters.AddWithValue("mc", maxConcurrency);
        end.Parameters.AddWithValue("b", bucket);
        end.Parameters.AddWithValue("me", Holder);
        end.Parameters.AddWithValue("left", left);
        await end.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
