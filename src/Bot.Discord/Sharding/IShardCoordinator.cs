namespace Bot.Discord.Sharding;

/// <summary>
/// Decides which shards this process runs. The in-process default (<see cref="StaticShardCoordinator"/>) runs the
/// configured <c>Bot:Discord:ShardIds</c> (all by default); a lease-based implementation (e.g. in PostgreSQL) lets
/// several processes divide the shards and take over a dead one.
/// </summary>
public interface IShardCoordinator
{
    /// <summary>
    /// The shards of <paramref name="shardCount"/> this process may run now (those it already runs included). Called at
    /// start and then every <see cref="DiscordOptions.ShardLeaseInterval"/>, so shards freed elsewhere can be picked up.
    /// </summary>
    Task<IReadOnlyList<int>> AcquireAsync(int shardCount, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps a running, healthy shard's claim; false when it was lost, or when another process should run it and
    /// <paramref name="canHandOver"/> (the shard has a session to hand over): the shard must stop at once.
    /// </summary>
    /// <param name="canHandOver">
    /// False while the shard has no resumable session yet (identifying): handing it over then would cost the taker a
    /// second IDENTIFY, so it is kept until it is READY.
    /// </param>
    Task<bool> RenewAsync(int shardId, int shardCount, bool canHandOver, CancellationToken cancellationToken);

    /// <summary>Gives a shard up (stopped, or the shard count changed).</summary>
    Task ReleaseAsync(int shardId, int shardCount, CancellationToken cancellationToken);
}
