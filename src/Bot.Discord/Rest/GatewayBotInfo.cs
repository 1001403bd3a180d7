namespace Bot.Discord.Rest;

/// <summary>GET /gateway/bot: the gateway URL and how many new sessions may still be started.</summary>
public sealed record GatewayBotInfo(string Url, int Shards, int SessionsRemaining, TimeSpan SessionsResetAfter);
