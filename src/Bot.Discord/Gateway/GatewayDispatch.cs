using System.Text.Json;

namespace Bot.Discord.Gateway;

/// <summary>An op 0 event: its name (t), data (d) and sequence number (s).</summary>
public sealed record GatewayDispatch(string Type, JsonElement Data, int? Sequence);
