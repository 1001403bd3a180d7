namespace Bot.Discord.Gateway;

/// <summary>The gateway intents this bot uses. MessageContent is privileged: enable it in the Developer Portal.</summary>
[Flags]
public enum GatewayIntents
{
    None = 0,
    Guilds = 1 << 0,
    GuildMessages = 1 << 9,
    DirectMessages = 1 << 12,
    MessageContent = 1 << 15,

    /// <summary>GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES | MESSAGE_CONTENT = 37377.</summary>
    ChatBot = Guilds | GuildMessages | DirectMessages | MessageContent,
}
