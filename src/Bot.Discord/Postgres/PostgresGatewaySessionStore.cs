using Bot.Discord.Sharding;
using Npgsql;

namespace Bot.Discord.Postgres;

/// <summary>Each shard's session in PostgreSQL, so whichever process runs the shard next RESUMEs it.</summary>
public sealed class PostgresGatewaySessionStore(DiscordPostgres db) : IGatewaySessionStore
{
    public async Task<SavedSession?> LoadAsync(ShardInfo shard, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("SELECT session_id, seq, resume_url, saved_at FROM discord_sessions WHERE shard_count = @c AND shard_id = @id", c);
        cmd.Parameters.AddWithValue("c", shard.Count);
        cmd.Parameters.AddWithValue("id", shard.Id);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        return new SavedSession(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3));
    }

    public async Task SaveAsync(ShardInfo shard, SavedSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO discord_sessions (shard_count, shard_id, session_id, seq, resume_url, saved_at) VALUES (@c, @id, @s, @seq, @url, @at)
            ON CONFLICT (shard_count, shard_id) DO UPDATE SET session_id = excluded.session_id, seq = excluded.seq, resume_url = excluded.resume_url,
                saved_at = excluded.saved_at
            """, c);
        cmd.Parameters.AddWithValue("c", shard.Count);
        cmd.Parameters.AddWithValue("id", shard.Id);
        cmd.Parameters.AddWithValue("s", session.SessionId);
        cmd.Parameters.AddWithValue("seq", session.Sequence);
        cmd.Parameters.AddWithValue("url", session.ResumeUrl);
        cmd.Parameters.AddWithValue("at", session.SavedAt);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task ClearAsync(ShardInfo shard, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("DELETE FROM discord_sessions WHERE shard_count = @c AND shard_id = @id", c);
        cmd.Parameters.AddWithValue("c", shard.Count);
        cmd.Parameters.AddWithValue("id", shard.Id);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
