using Bot.Discord.Bot;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bot.Discord.Postgres;

/// <summary>
/// Events taken up and done, in PostgreSQL (<c>discord_answered</c>: one row per message or interaction, with the process
/// that took it up and whether it is done; kept a day), shared by every process. A row not done whose process is no longer
/// live (its <c>discord_processes</c> row not refreshed within <see cref="DiscordOptions.ShardLeaseTtl"/>, as for its
/// leases) is taken over by the next process the event is sent to; one another live process holds is left to it.
/// </summary>
public sealed class PostgresAnsweredEvents(DiscordPostgres db, IOptions<DiscordOptions> options) : IAnsweredEvents
{
    private readonly DiscordOptions _options = options?.Value ?? throw new ArgumentNullException(nameof(options));
    private long _claims;

    public async Task<EventClaim> TryClaimAsync(string key, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (Interlocked.Increment(ref _claims) % 1000 == 0)
        {
            await using var prune = new NpgsqlCommand("DELETE FROM discord_answered WHERE answered_at < now() - interval '1 day'", c);
            await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        // Not taken: the row as this statement's snapshot saw it; when another process inserted it meanwhile the snapshot
        // may not show it (NULL): held elsewhere, asked again shortly.
        await using var cmd = new NpgsqlCommand("""
            WITH taken AS (
                INSERT INTO discord_answered AS a (id, holder, done) VALUES (@id, @me, false)
                ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, answered_at = now()
                WHERE NOT a.done AND NOT EXISTS (SELECT 1 FROM discord_processes p
                    WHERE p.holder = a.holder AND p.seen_at > now() - make_interval(secs => @ttl))
                RETURNING 1)
            SELECT CASE WHEN EXISTS (SELECT 1 FROM taken) THEN 0
                        WHEN (SELECT done FROM discord_answered WHERE id = @id) THEN 1
                        ELSE 2 END
            """, c);
        cmd.Parameters.AddWithValue("id", key);
        cmd.Parameters.AddWithValue("me", db.Holder);
        cmd.Parameters.AddWithValue("ttl", _options.ShardLeaseTtl.TotalSeconds);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) switch
        {
            0 => EventClaim.Taken,
            1 => EventClaim.Done,
            _ => EventClaim.HeldElsewhere,
        };
    }

    public async Task<bool> CompleteAsync(string key, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("UPDATE discord_answered SET done = true, answered_at = now() WHERE id = @id AND holder = @me", c);
        cmd.Parameters.AddWithValue("id", key);
        cmd.Parameters.AddWithValue("me", db.Holder);
        return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("DELETE FROM discord_answered WHERE id = @id AND holder = @me AND NOT done", c);
        cmd.Parameters.AddWithValue("id", key);
        cmd.Parameters.AddWithValue("me", db.Holder);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
