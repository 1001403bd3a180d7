using System.Text.Json;

namespace Bot.Discord.Bot;

/// <summary>The fields of a MESSAGE_REACTION_ADD the bot uses.</summary>
internal sealed record DiscordReaction(ulong UserId, ulong ChannelId, ulong MessageId, string Emoji)
{
    /// <summary>The emoji as configured: the character for a Unicode emoji, <c>name:id</c> for a custom one.</summary>
    public static DiscordReaction Parse(JsonElement d)
    {
        var emoji = d.GetObject("emoji");
        var name = emoji.GetString("name") ?? "";
        var id = emoji.GetSnowflake("id");
        return new DiscordReaction(d.GetSnowflake("user_id"), d.GetSnowflake("channel_id"), d.GetSnowflake("message_id"),
            id == 0 ? name : $"{name}:{id.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
    }
}
