namespace Bot.Discord.Rest;

/// <summary>GET /gateway/bot: the gateway URL, the recommended shard count, how many new sessions may still be started, and max_concurrency.</summary>
public sealed record GatewayBotInfo(string Url, int Shards, int SessionsRemaining, TimeSpan SessionsResetAfter, int MaxConcurrency = 1);
