using System.Text.Json;

namespace Bot.Discord.Gateway;

/// <summary>An op 0 event: its name (t), data (d), sequence number (s), and the shard whose connection received it.</summary>
public sealed record GatewayDispatch(string Type, JsonElement Data, int? Sequence, int Shard = 0)
{
    /// <summary>
    /// The event's hold on its shard's checkpoint (null when nothing keeps one): a handler that finishes the event after
    /// returning takes a <see cref="DispatchReceipt.Hold"/> and releases it when done.
    /// </summary>
    public DispatchReceipt? Receipt { get; init; }
}
