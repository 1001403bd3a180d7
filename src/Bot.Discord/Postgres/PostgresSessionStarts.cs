using System.Globalization;
using Bot.Discord.Sharding;
using Npgsql;

namespace Bot.Discord.Postgres;

/// <summary>
/// The bot's <c>session_start_limit</c> in PostgreSQL, one row (<c>discord_session_starts</c>: starts left and when the
/// window resets). Each IDENTIFY of every process takes one by a conditional decrement (the row's lock orders two
/// processes); readings of GET /gateway/bot are merged into it — a reading of the same window (its reset within 250 ms
/// of the row's: clocks differ by milliseconds) lowers the count at most (it may predate another process's IDENTIFY),
/// a reading of a later window replaces it. At zero every process waits for
/// the reset, reads the limit again and goes on. Created on first use.
/// </summary>
public sealed class PostgresSessionStarts(DiscordPostgres db) : ISessionStarts
{
    private volatile bool _created;

    public async Task<SessionStartTake> TryTakeAsync(SessionStartReading? reading, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // One round trip: the reading merged (when there is one still within its window), then the conditional take.
        var merge = reading is { } r && r.ResetAfter - r.Age > TimeSpan.Zero;
        await using (var take = new NpgsqlCommand((merge ? """
            INSERT INTO discord_session_starts AS s (id, remaining, reset_at) VALUES (1, @remaining, now() + make_interval(secs => @left))
            ON CONFLICT (id) DO UPDATE SET
                remaining = CASE WHEN excluded.reset_at > s.reset_at + interval '250 milliseconds' THEN excluded.remaining ELSE least(s.remaining, excluded.remaining) END,
                reset_at = CASE WHEN excluded.reset_at > s.reset_at + interval '250 milliseconds' THEN excluded.reset_at ELSE s.reset_at END;
            """ : "") + """
            UPDATE discord_session_starts SET remaining = remaining - 1 WHERE id = 1 AND remaining > 0 AND reset_at > now()
            RETURNING (extract(epoch FROM reset_at) * 1000)::bigint;
            """, c))
        {
            if (merge)
            {
                take.Parameters.AddWithValue("remaining", Math.Max(0, reading!.Value.Remaining));
                take.Parameters.AddWithValue("left", (reading.Value.ResetAfter - reading.Value.Age).TotalSeconds);
            }
            if (await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long window)
                return new SessionStartTake(true, window, TimeSpan.Zero);
        }
        await using var wait = new NpgsqlCommand("SELECT greatest(0, extract(epoch FROM reset_at - now()))::float8 FROM discord_session_starts WHERE id = 1", c);
        var seconds = await wait.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } s and not DBNull ? Convert.ToDouble(s, CultureInfo.InvariantCulture) : 0;
        return new SessionStartTake(false, 0, TimeSpan.FromSeconds(seconds));
    }

    public async Task ReturnAsync(long window, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var give = new NpgsqlCommand("""
            UPDATE discord_session_starts SET remaining = remaining + 1 WHERE id = 1 AND (extract(epoch FROM reset_at) * 1000)::bigint = @window
            """, c);
        give.Parameters.AddWithValue("window", window);
        await give.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts left and seconds to the reset as stored (tests and diagnostics); null before the first reading.</summary>
    public async Task<(int Remaining, double ResetInSeconds)?> ReadAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var read = new NpgsqlCommand("SELECT remaining, extract(epoch FROM reset_at - now())::float8 FROM discord_session_starts WHERE id = 1", c);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (reader.GetInt32(0), reader.GetDouble(1)) : null;
    }

    // Why its own table creation: the row is this class's alone, created under an advisory lock (two processes creating
    // it at once would otherwise collide on the catalog).
    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var c = await db.OpenAsync(ct).ConfigureAwait(false);
        if (_created) return c;
        try
        {
            await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (var create = new NpgsqlCommand("""
                SELECT pg_advisory_xact_lock(7316003);
                CREATE TABLE IF NOT EXISTS discord_session_starts (id int PRIMARY KEY, remaining int NOT NULL, reset_at timestamptz NOT NULL);
                """, c, tx))
                await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
            _created = true;
            return c;
        }
        catch
        {
            await c.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
