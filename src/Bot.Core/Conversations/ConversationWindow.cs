using Bot.Core.Answering;
using Bot.Core.Chunking;

namespace Bot.Core.Conversations;

/// <summary>
/// The token budget of a conversation's history, shared by every conversation store so they keep the same window: one
/// huge answer is cut to the budget before it is kept, and the oldest turns go first when the history is over it.
/// </summary>
public static class ConversationWindow
{
    public static int Tokens(ChatTurn turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return TokenCounter.Count(turn.Question) + TokenCounter.Count(turn.AnswerText);
    }

    /// <summary>The turn as it is kept: one huge answer must not push the question that follows out of the window.</summary>
    public static ChatTurn Fit(ChatTurn turn, int maxTokens)
    {
        if (Tokens(turn) <= maxTokens) return turn;
        int budget = Math.Max(0, maxTokens - TokenCounter.Count(turn.Question));
        var answer = turn.AnswerText;
        int cut = TokenCounter.Instance.GetIndexByTokenCount(answer, budget, out _, out _);
        return turn with { AnswerText = answer[..cut] + "…" };
    }

    /// <summary>Drops the oldest turns (never the newest) until the rest fit <paramref name="maxTokens"/>.</summary>
    public static void Trim(List<ChatTurn> turns, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(turns);
        int total = turns.Sum(Tokens);
        while (turns.Count > 1 && total > maxTokens)
        {
            total -= Tokens(turns[0]);
            turns.RemoveAt(0);
        }
    }
}
