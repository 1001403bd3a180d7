using Bot.Discord.Bot;
using Npgsql;

namespace Bot.Discord.Postgres;

/// <summary>Answered event ids in PostgreSQL (one row each, kept a day), shared by every process.</summary>
public sealed class PostgresAnsweredEvents(DiscordPostgres db) : IAnsweredEvents
{
    private long _claims;

    public async Task<bool> TryClaimAsync(string key, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (Interlocked.Increment(ref _claims) % 1000 == 0)
        {
            await using var prune = new NpgsqlCommand("DELETE FROM discord_answered WHERE answered_at < now() - interval '1 day'", c);
            await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await using var cmd = new NpgsqlCommand("INSERT INTO discord_answered (id) VALUES (@id) ON CONFLICT DO NOTHING", c);
        cmd.Parameters.AddWithValue("id", key);
        return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
