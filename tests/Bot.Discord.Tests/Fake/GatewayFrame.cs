using System.Text.Json;

namespace Bot.Discord.Tests.Fake;

/// <summary>A payload the bot sent on gateway connection number <paramref name="Connection"/> (0-based).</summary>
public sealed record GatewayFrame(int Connection, int Op, JsonElement Data, TimeSpan At);
