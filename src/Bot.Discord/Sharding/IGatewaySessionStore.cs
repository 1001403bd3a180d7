namespace Bot.Discord.Sharding;

/// <summary>
/// Where each shard's session (id, last sequence, resume URL) is kept so the next process — after a deploy, or the one
/// that takes a dead process's shard over — RESUMEs it and Discord replays what arrived meanwhile.
/// </summary>
public interface IGatewaySessionStore
{
    /// <summary>The saved session of <paramref name="shard"/>, if any (null when none or saved for another shard count).</summary>
    Task<SavedSession?> LoadAsync(ShardInfo shard, CancellationToken cancellationToken);

    Task SaveAsync(ShardInfo shard, SavedSession session, CancellationToken cancellationToken);

    /// <summary>Forgets the shard's session (it ended, or was used).</summary>
    Task ClearAsync(ShardInfo shard, CancellationToken cancellationToken);
}
