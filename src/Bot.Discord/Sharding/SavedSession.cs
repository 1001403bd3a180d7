namespace Bot.Discord.Sharding;

/// <summary>A shard's gateway session as kept across processes: enough to RESUME it.</summary>
public sealed record SavedSession(string SessionId, int Sequence, string ResumeUrl, DateTimeOffset SavedAt);
