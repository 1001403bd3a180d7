using System.ComponentModel.DataAnnotations;

namespace Bot.Core.Conversations;

/// <summary>The <c>Bot:Conversations</c> section: how much of each conversation is kept for follow-up questions.</summary>
public sealed class ConversationOptions
{
    public const string SectionName = "Bot:Conversations";

    /// <summary>Most turns kept per conversation (oldest dropped first).</summary>
    [Range(1, 100)]
    public int MaxTurns { get; set; } = 6;

    /// <summary>Most tokens (o200k_base, questions plus answers) kept per conversation.</summary>
    [Range(64, 100_000)]
    public int MaxTokens { get; set; } = 1500;

    /// <summary>A conversation idle this long is forgotten.</summary>
    [Range(1, 10_080)]
    public int ExpireAfterMinutes { get; set; } = 60;

    /// <summary>Most conversations kept at once (a Discord bot sees many channels); the least recently used go first.</summary>
    [Range(1, 1_000_000)]
    public int MaxConversations { get; set; } = 10_000;
}
