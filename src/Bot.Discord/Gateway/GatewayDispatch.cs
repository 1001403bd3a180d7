using System.Text.Json;

namespace Bot.Discord.Gateway;

/// <summary>An op 0 event: its name (t), data (d), sequence number (s), and the shard whose connection received it.</summary>
public sealed record GatewayDispatch(string Type, JsonElement Data, int? Sequence, int Shard = 0);
