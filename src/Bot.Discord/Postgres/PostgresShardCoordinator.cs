using Bot.Discord.Sharding;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bot.Discord.Postgres;

/// <summary>
/// Shards divided between processes by leases in PostgreSQL: each process registers itself, claims free or expired
/// leases up to its fair share (shards ÷ live processes, rounded up), renews them every lease interval, and gives up
/// the ones beyond its share when more processes are live — they stop with their session saved, and another process
/// takes them and RESUMEs. A process that dies stops renewing; its leases expire after <see cref="DiscordOptions.ShardLeaseTtl"/>.
/// </summary>
public sealed class PostgresShardCoordinator(DiscordPostgres db, IOptions<DiscordOptions> options) : IShardCoordinator
{
    private readonly DiscordOptions _options = options?.Value ?? throw new ArgumentNullException(nameof(options));
    private readonly IReadOnlyList<int>? _allowed = ShardIdList.Parse(options.Value.ShardIds);

    /// <summary>This process's name in the lease table.</summary>
    public string Holder => db.Holder;

    public async Task<IReadOnlyList<int>> AcquireAsync(int shardCount, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        var ttl = _options.ShardLeaseTtl.TotalSeconds;
        await using (var beat = new NpgsqlCommand("""
            INSERT INTO discord_processes (holder, seen_at) VALUES (@me, now()) ON CONFLICT (holder) DO UPDATE SET seen_at = now();
            DELETE FROM discord_processes WHERE seen_at < now() - make_interval(secs => @ttl * 4);
            """, c))
        {
            beat.Parameters.AddWithValue("me", Holder);
            beat.Parameters.AddWithValue("ttl", ttl);
            await beat.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        var held = await HeldAsync(c, shardCount, cancellationToken).ConfigureAwait(false);
        var fair = await FairShareAsync(c, shardCount, cancellationToken).ConfigureAwait(false);
        foreach (var id in Enumerable.Range(0, shardCount).Where(i => _allowed is null || _allowed.Contains(i)))
        {
            if (held.Count >= fair) break;
            if (held.Contains(id)) continue;
            await using var claim = new NpgsqlCommand("""
                INSERT INTO discord_shard_leases AS l (shard_count, shard_id, holder, expires_at) VALUES (@c, @id, @me, now() + make_interval(secs => @ttl))
                ON CONFLICT (shard_count, shard_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                WHERE l.expires_at < now() OR l.holder = excluded.holder
                RETURNING shard_id
                """, c);
            claim.Parameters.AddWithValue("c", shardCount);
            claim.Parameters.AddWithValue("id", id);
            claim.Parameters.AddWithValue("me", Holder);
            claim.Parameters.AddWithValue("ttl", ttl);
            if (await claim.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int) held.Add(id);
        }
        return [.. held.Order()];
    }

    public async Task<bool> RenewAsync(int shardId, int shardCount, bool canHandOver, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        var held = (await HeldAsync(c, shardCount, cancellationToken).ConfigureAwait(false)).Order().ToList();
        var fair = await FairShareAsync(c, shardCount, cancellationToken).ConfigureAwait(false);
        // Beyond the fair share: give the highest shards up (stopped with their session saved, then released), once
        // they have a session to hand over.
        if (!held.Contains(shardId) || (canHandOver && held.IndexOf(shardId) >= fair)) return false;
        await using var renew = new NpgsqlCommand("""
            UPDATE discord_shard_leases SET expires_at = now() + make_interval(secs => @ttl)
            WHERE shard_count = @c AND shard_id = @id AND holder = @me
            """, c);
        renew.Parameters.AddWithValue("c", shardCount);
        renew.Parameters.AddWithValue("id", shardId);
        renew.Parameters.AddWithValue("me", Holder);
        renew.Parameters.AddWithValue("ttl", _options.ShardLeaseTtl.TotalSeconds);
        return await renew.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task ReleaseAsync(int shardId, int shardCount, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var release = new NpgsqlCommand("DELETE FROM discord_shard_leases WHERE shard_count = @c AND shard_id = @id AND holder = @me", c);
        release.Parameters.AddWithValue("c", shardCount);
        release.Parameters.AddWithValue("id", shardId);
        release.Parameters.AddWithValue("me", Holder);
        await release.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<HashSet<int>> HeldAsync(NpgsqlConnection c, int shardCount, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT shard_id FROM discord_shard_leases WHERE shard_count = @c AND holder = @me AND expires_at > now()", c);
        cmd.Parameters.AddWithValue("c", shardCount);
        cmd.Parameters.AddWithValue("me", Holder);
        var held = new HashSet<int>();
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) held.Add(reader.GetInt32(0));
        return held;
    }

    private async Task<int> FairShareAsync(NpgsqlConnection c, int shardCount, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM discord_processes WHERE seen_at > now() - make_interval(secs => @ttl)", c);
        cmd.Parameters.AddWithValue("ttl", _options.ShardLeaseTtl.TotalSeconds);
        var live = Math.Max(1, Convert.ToInt32(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture));
        return (shardCount + live - 1) / live;
    }
}
