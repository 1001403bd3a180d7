namespace Bot.Discord.Rest;

/// <summary>
/// One REST call: method, route template (what Discord's buckets are learned for), the major parameter (channel, guild or
/// webhook id+token) that splits a bucket, and the concrete path. Interaction endpoints skip the global limit and authenticate
/// with the token in the path.
/// </summary>
public sealed record DiscordRoute(HttpMethod Method, string Template, string MajorParameter, string Path, bool Authenticated = true, bool Global = true)
{
    /// <summary>Method and template: the key Discord's bucket hash is learned for. Never contains a secret.</summary>
    public string Key => $"{Method.Method} {Template}";

    public static DiscordRoute GetGatewayBot() => new(HttpMethod.Get, "/gateway/bot", "", "/gateway/bot");

    public static DiscordRoute GetCurrentUser() => new(HttpMethod.Get, "/users/@me", "", "/users/@me");

    public static DiscordRoute GetCurrentApplication() => new(HttpMethod.Get, "/oauth2/applications/@me", "", "/oauth2/applications/@me");

    public static DiscordRoute CreateMessage(ulong channelId) =>
        new(HttpMethod.Post, "/channels/{channel_id}/messages", Id(channelId), $"/channels/{Id(channelId)}/messages");

    public static DiscordRoute TriggerTyping(ulong channelId) =>
        new(HttpMethod.Post, "/channels/{channel_id}/typing", Id(channelId), $"/channels/{Id(channelId)}/typing");

    public static DiscordRoute InteractionCallback(ulong interactionId, string token) =>
        new(HttpMethod.Post, "/interactions/{interaction_id}/{token}/callback", Id(interactionId),
            $"/interactions/{Id(interactionId)}/{Uri.EscapeDataString(token)}/callback", Authenticated: false, Global: false);

    public static DiscordRoute EditOriginalResponse(ulong applicationId, string token) =>
        new(HttpMethod.Patch, "/webhooks/{application_id}/{token}/messages/@original", $"{Id(applicationId)}/{token}",
            $"/webhooks/{Id(applicationId)}/{Uri.EscapeDataString(token)}/messages/@original", Authenticated: false, Global: false);

    public static DiscordRoute CreateFollowup(ulong applicationId, string token) =>
        new(HttpMethod.Post, "/webhooks/{application_id}/{token}", $"{Id(applicationId)}/{token}",
            $"/webhooks/{Id(applicationId)}/{Uri.EscapeDataString(token)}", Authenticated: false, Global: false);

    public static DiscordRoute BulkOverwriteGlobalCommands(ulong applicationId) =>
        new(HttpMethod.Put, "/applications/{application_id}/commands", "", $"/applications/{Id(applicationId)}/commands");

    public static DiscordRoute BulkOverwriteGuildCommands(ulong applicationId, ulong guildId) =>
        new(HttpMethod.Put, "/applications/{application_id}/guilds/{guild_id}/commands", Id(guildId),
            $"/applications/{Id(applicationId)}/guilds/{Id(guildId)}/commands");

    private static string Id(ulong id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
