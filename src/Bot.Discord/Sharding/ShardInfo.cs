namespace Bot.Discord.Sharding;

/// <summary>One shard of a sharded session: <c>shard: [Id, Count]</c> in IDENTIFY.</summary>
public readonly record struct ShardInfo(int Id, int Count)
{
    /// <summary>The shard Discord sends a guild's events to: <c>(guild_id &gt;&gt; 22) % count</c>; DMs go to shard 0.</summary>
    public static int ForGuild(ulong? guildId, int count) => guildId is { } g ? (int)((g >> 22) % (ulong)count) : 0;

    public override string ToString() => $"[{Id}, {Count}]";
}
