using System.Text.Json;

namespace Bot.Discord.Bot;

/// <summary>The id of a message Discord returned for a create or edit (0 when the body had none).</summary>
internal static class SentMessages
{
    public static ulong MessageId(this JsonElement? message) => message is { ValueKind: JsonValueKind.Object } m ? m.GetSnowflake("id") : 0;
}
