using Microsoft.Extensions.Options;

namespace Bot.Discord.Sharding;

/// <summary>
/// One process runs a fixed set: the configured <c>Bot:Discord:ShardIds</c> below the shard count, or every shard.
/// Nothing is shared with other processes; give each process a disjoint set when running several.
/// </summary>
public sealed class StaticShardCoordinator(IOptions<DiscordOptions> options) : IShardCoordinator
{
    private readonly IReadOnlyList<int>? _ids = ShardIdList.Parse(options?.Value.ShardIds);

    public Task<IReadOnlyList<int>> AcquireAsync(int shardCount, CancellationToken cancellationToken)
    {
        IReadOnlyList<int> ids = _ids is null ? [.. Enumerable.Range(0, shardCount)] : [.. _ids.Where(id => id < shardCount)];
        return Task.FromResult(ids);
    }

    public Task<bool> RenewAsync(int shardId, int shardCount, bool canHandOver, CancellationToken cancellationToken) =>
        Task.FromResult(_ids is null ? shardId < shardCount : _ids.Contains(shardId) && shardId < shardCount);

    public Task ReleaseAsync(int shardId, int shardCount, CancellationToken cancellationToken) => Task.CompletedTask;
}
