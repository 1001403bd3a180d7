using System.Collections.Concurrent;
using Bot.Core.Answering;
using Bot.Core.Chunking;
using Microsoft.Extensions.Options;

namespace Bot.Core.Conversations;

/// <summary>
/// Keeps recent turns in memory, per conversation: at most <see cref="ConversationOptions.MaxTurns"/> turns and
/// <see cref="ConversationOptions.MaxTokens"/> tokens, forgotten after <see cref="ConversationOptions.ExpireAfterMinutes"/> idle
/// (expired ones are swept at most once a minute, when a turn is added), and at most
/// <see cref="ConversationOptions.MaxConversations"/> conversations (the least recently used go first). Thread-safe: Discord
/// handlers append from many tasks.
/// </summary>
public sealed class InMemoryConversationStore(IOptions<ConversationOptions> options, TimeProvider? timeProvider = null) : IConversationStore
{
    private readonly ConversationOptions _options = options.Value;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Conversation> _conversations = new(StringComparer.Ordinal);
    private readonly Lock _sweeping = new();
    private long _lastSweepTicks = (timeProvider ?? TimeProvider.System).GetUtcNow().UtcTicks;

    /// <summary>Conversations held now (expired ones until the next sweep included).</summary>
    public int Count => _conversations.Count;

    public Task<IReadOnlyList<ChatTurn>> RecentAsync(string conversationId, CancellationToken cancellationToken) => Task.FromResult(Recent(conversationId));

    public Task AppendAsync(string conversationId, ChatTurn turn, CancellationToken cancellationToken)
    {
        Append(conversationId, turn);
        return Task.CompletedTask;
    }

    public Task ResetAsync(string conversationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        _conversations.TryRemove(conversationId, out _);
        return Task.CompletedTask;
    }

    private IReadOnlyList<ChatTurn> Recent(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        if (!_conversations.TryGetValue(conversationId, out var conversation)) return [];
        lock (conversation)
        {
            if (IsExpired(conversation))
            {
                _conversations.TryRemove(new KeyValuePair<string, Conversation>(conversationId, conversation));
                return [];
            }
            return conversation.Turns.ToList();
        }
    }

    private void Append(string conversationId, ChatTurn turn)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        ArgumentNullException.ThrowIfNull(turn);
        var conversation = _conversations.GetOrAdd(conversationId, _ => new Conversation());
        lock (conversation)
        {
            if (IsExpired(conversation)) conversation.Turns.Clear();
            conversation.LastUsed = _time.GetUtcNow();
            conversation.Turns.Add(ConversationWindow.Fit(turn, _options.MaxTokens));
            while (conversation.Turns.Count > _options.MaxTurns) conversation.Turns.RemoveAt(0);
            ConversationWindow.Trim(conversation.Turns, _options.MaxTokens);
        }
        if (_conversations.Count > _options.MaxConversations || _time.GetUtcNow().UtcTicks - Interlocked.Read(ref _lastSweepTicks) >= TimeSpan.TicksPerMinute) Sweep();
    }

    private bool IsExpired(Conversation c) => _time.GetUtcNow() - c.LastUsed > TimeSpan.FromMinutes(_options.ExpireAfterMinutes);

    private void Sweep()
    {
        // Why one at a time: concurrent appends at the cap would each sort every conversation.
        if (!_sweeping.TryEnter()) return;
        try
        {
            Interlocked.Exchange(ref _lastSweepTicks, _time.GetUtcNow().UtcTicks);
            SweepLocked();
        }
        finally
        {
            _sweeping.Exit();
        }
    }

    private void SweepLocked()
    {
        foreach (var (id, c) in _conversations)
        {
            if (IsExpired(c)) _conversations.TryRemove(id, out _);
        }
        // Why a tenth below the cap: trimming only to the cap sorted every conversation again on each new one once the
        // cap was reached (a sort of 10,000 per question: the Discord soak's heap and RSS jumped by half); now a sort
        // runs once per tenth of the cap.
        int excess = _conversations.Count - (_options.MaxConversations - (_options.MaxConversations / 10));
        if (excess <= 0) return;
        foreach (var id in _conversations.OrderBy(kv => kv.Value.LastUsed).Take(excess).Select(kv => kv.Key).ToList())
            _conversations.TryRemove(id, out _);
    }

    private sealed class Conversation
    {
        public List<ChatTurn> Turns { get; } = [];

        public DateTimeOffset LastUsed { get; set; }
    }
}
