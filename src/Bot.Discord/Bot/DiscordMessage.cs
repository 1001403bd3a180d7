using System.Text.Json;

namespace Bot.Discord.Bot;

/// <summary>The fields of a MESSAGE_CREATE the bot uses.</summary>
internal sealed record DiscordMessage(
    ulong Id,
    ulong ChannelId,
    ulong? GuildId,
    ulong AuthorId,
    bool AuthorIsBot,
    bool FromWebhook,
    int Type,
    string Content,
    IReadOnlyList<ulong> MentionIds)
{
    public bool IsDirect => GuildId is null;

    public static DiscordMessage Parse(JsonElement d)
    {
        var author = d.GetObject("author");
        var mentions = new List<ulong>();
        if (d.TryGetProperty("mentions", out var m) && m.ValueKind == JsonValueKind.Array)
            foreach (var user in m.EnumerateArray()) mentions.Add(user.GetSnowflake("id"));
        var guild = d.GetSnowflake("guild_id");
        return new DiscordMessage(d.GetSnowflake("id"), d.GetSnowflake("channel_id"), guild == 0 ? null : guild, author.GetSnowflake("id"),
            author.GetBool("bot"), d.GetString("webhook_id") is not null, d.GetInt("type") ?? 0, d.GetString("content") ?? "", mentions);
    }

    /// <summary>Whether the bot is mentioned (mentions[] or &lt;@id&gt; / &lt;@!id&gt; in the content).</summary>
    public bool Mentions(ulong userId) =>
        MentionIds.Contains(userId) ||
        Content.Contains($"<@{userId}>", StringComparison.Ordinal) || Content.Contains($"<@!{userId}>", StringComparison.Ordinal);

    /// <summary>The content with the bot's mention removed: the question.</summary>
    public string QuestionFor(ulong userId) =>
        Content.Replace($"<@!{userId}>", " ", StringComparison.Ordinal).Replace($"<@{userId}>", " ", StringComparison.Ordinal).Trim();
}
