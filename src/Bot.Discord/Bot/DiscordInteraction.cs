using System.Globalization;
using System.Text.Json;

namespace Bot.Discord.Bot;

/// <summary>The fields of an INTERACTION_CREATE (application command) the bot uses.</summary>
internal sealed record DiscordInteraction(
    ulong Id,
    ulong ApplicationId,
    int Type,
    string Token,
    ulong ChannelId,
    ulong? GuildId,
    ulong UserId,
    ulong MemberPermissions,
    string CommandName,
    IReadOnlyDictionary<string, string> Options)
{
    public const int ApplicationCommand = 2;

    public static DiscordInteraction Parse(JsonElement d)
    {
        var member = d.GetObject("member");
        var user = member.ValueKind == JsonValueKind.Object ? member.GetObject("user") : d.GetObject("user");
        _ = ulong.TryParse(member.GetString("permissions"), NumberStyles.None, CultureInfo.InvariantCulture, out var permissions);
        var data = d.GetObject("data");
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("options", out var opts) && opts.ValueKind == JsonValueKind.Array)
            foreach (var o in opts.EnumerateArray())
                if (o.GetString("name") is { } name && o.TryGetProperty("value", out var v))
                    options[name] = v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText();
        var channel = d.GetSnowflake("channel_id");
        if (channel == 0) channel = d.GetObject("channel").GetSnowflake("id");
        var guild = d.GetSnowflake("guild_id");
        return new DiscordInteraction(d.GetSnowflake("id"), d.GetSnowflake("application_id"), d.GetInt("type") ?? 0, d.GetString("token") ?? "",
            channel, guild == 0 ? null : guild, user.GetSnowflake("id"), permissions, data.GetString("name") ?? "", options);
    }
}
