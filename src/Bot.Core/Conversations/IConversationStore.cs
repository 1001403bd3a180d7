using Bot.Core.Answering;

namespace Bot.Core.Conversations;

/// <summary>
/// Recent turns per conversation (a console chat, a Discord channel or thread), bounded and expiring. Asynchronous, as
/// a shared store (PostgreSQL) is a network round trip away.
/// </summary>
public interface IConversationStore
{
    /// <summary>The conversation's recent turns, oldest first; empty when it has none or they expired.</summary>
    Task<IReadOnlyList<ChatTurn>> RecentAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Adds a turn (fitted to the store's bounds), dropping the oldest beyond them.</summary>
    Task AppendAsync(string conversationId, ChatTurn turn, CancellationToken cancellationToken);

    /// <summary>Forgets the conversation.</summary>
    Task ResetAsync(string conversationId, CancellationToken cancellationToken);
}
