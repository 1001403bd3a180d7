using System.Collections.Concurrent;
using Bot.Core.Answering;
using Bot.Core.Conversations;

namespace Bot.Discord.Tests.TestSupport;

/// <summary>An unbounded in-memory store: enough to see what the bot reads, appends and resets.</summary>
public sealed class FakeConversationStore : IConversationStore
{
    private readonly ConcurrentDictionary<string, List<ChatTurn>> _turns = new();

    public IReadOnlyList<ChatTurn> Recent(string conversationId)
    {
        lock (_turns) return _turns.TryGetValue(conversationId, out var t) ? [.. t] : [];
    }

    public Task<IReadOnlyList<ChatTurn>> RecentAsync(string conversationId, CancellationToken cancellationToken) => Task.FromResult(Recent(conversationId));

    public Task AppendAsync(string conversationId, ChatTurn turn, CancellationToken cancellationToken)
    {
        lock (_turns) _turns.GetOrAdd(conversationId, _ => []).Add(turn);
        return Task.CompletedTask;
    }

    public Task ResetAsync(string conversationId, CancellationToken cancellationToken)
    {
        lock (_turns) _turns.TryRemove(conversationId, out _);
        return Task.CompletedTask;
    }
}
