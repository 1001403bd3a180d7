using Bot.Core.Answering;

namespace Bot.Core.Conversations;

/// <summary>Recent turns per conversation (a console chat, a Discord channel or thread), bounded and expiring.</summary>
public interface IConversationStore
{
    IReadOnlyList<ChatTurn> Recent(string conversationId);

    void Append(string conversationId, ChatTurn turn);

    void Reset(string conversationId);
}
