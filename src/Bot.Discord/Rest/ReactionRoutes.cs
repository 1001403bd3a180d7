namespace Bot.Discord.Rest;

/// <summary>The reaction routes (kept apart from <see cref="DiscordRoute"/>'s list so the feedback feature stays in files of its own).</summary>
public static class ReactionRoutes
{
    /// <summary>PUT …/reactions/{emoji}/@me: the bot reacts to a message (a Unicode emoji, or <c>name:id</c> for a custom one).</summary>
    public static DiscordRoute AddOwnReaction(ulong channelId, ulong messageId, string emoji)
    {
        var channel = channelId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var message = messageId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new DiscordRoute(HttpMethod.Put, "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", channel,
            $"/channels/{channel}/messages/{message}/reactions/{Uri.EscapeDataString(emoji)}/@me");
    }
}
