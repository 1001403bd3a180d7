namespace Bot.Discord.Gateway;

/// <summary>The gateway intents this bot uses. MessageContent is privileged: enable it in the Developer Portal.</summary>
[Flags]
public enum GatewayIntents
{
    None = 0,
    Guilds = 1 << 0,
    GuildMessages = 1 << 9,
    GuildMessageReactions = 1 << 10,
    DirectMessages = 1 << 12,
    DirectMessageReactions = 1 << 13,
    MessageContent = 1 << 15,

    /// <summary>
    /// GUILDS | GUILD_MESSAGES | GUILD_MESSAGE_REACTIONS | DIRECT_MESSAGES | DIRECT_MESSAGE_REACTIONS | MESSAGE_CONTENT = 46593
    /// (the reactions are the answers' ratings, see Bot/AnswerFeedback).
    /// </summary>
    ChatBot = Guilds | GuildMessages | GuildMessageReactions | DirectMessages | DirectMessageReactions | MessageContent,
}
