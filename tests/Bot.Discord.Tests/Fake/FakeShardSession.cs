namespace Bot.Discord.Tests.Fake;

/// <summary>One shard's gateway session in the fake: its id, the events dispatched in it (replayed on RESUME), the live connection.</summary>
public sealed class FakeShardSession(int shard, int count, string sessionId)
{
    public int Shard { get; } = shard;

    public int Count { get; } = count;

    public string SessionId { get; } = sessionId;

    public List<string> Log { get; } = [];

    public int Seq { get; set; }

    /// <summary>The connection that identified or last resumed this session.</summary>
    public FakeGatewayConnection? Connection { get; set; }
}
