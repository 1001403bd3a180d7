using Bot.Core.Answering;
using Bot.Core.Conversations;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Conversations;

public sealed class InMemoryConversationStoreTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static InMemoryConversationStore Store(ConversationOptions options, TimeProvider? clock = null) => new(Options.Create(options), clock);

    [Fact]
    public async Task Keeps_turns_per_conversation_oldest_first()
    {
        var store = Store(new ConversationOptions());
        await store.AppendAsync("a", new ChatTurn("q1", "a1"), CancellationToken.None);
        await store.AppendAsync("a", new ChatTurn("q2", "a2"), CancellationToken.None);
        await store.AppendAsync("b", new ChatTurn("other", "x"), CancellationToken.None);
        Assert.Equal(["q1", "q2"], (await store.RecentAsync("a", CancellationToken.None)).Select(t => t.Question));
        Assert.Single(await store.RecentAsync("b", CancellationToken.None));
        Assert.Empty(await store.RecentAsync("c", CancellationToken.None));
    }

    [Fact]
    public async Task Is_bounded_in_turns()
    {
        var store = Store(new ConversationOptions { MaxTurns = 2 });
        for (int i = 1; i <= 5; i++) await store.AppendAsync("a", new ChatTurn($"q{i}", $"a{i}"), CancellationToken.None);
        Assert.Equal(["q4", "q5"], (await store.RecentAsync("a", CancellationToken.None)).Select(t => t.Question));
    }

    [Fact]
    public async Task Is_bounded_in_tokens_keeping_the_latest_turn()
    {
        var store = Store(new ConversationOptions { MaxTokens = 64 });
        var longAnswer = string.Join(' ', Enumerable.Repeat("word", 40));
        await store.AppendAsync("a", new ChatTurn("first", longAnswer), CancellationToken.None);
        await store.AppendAsync("a", new ChatTurn("second", longAnswer), CancellationToken.None);
        Assert.Equal(["second"], (await store.RecentAsync("a", CancellationToken.None)).Select(t => t.Question));
        await store.AppendAsync("a", new ChatTurn("huge", string.Join(' ', Enumerable.Repeat("word", 500))), CancellationToken.None);
        var last = Assert.Single(await store.RecentAsync("a", CancellationToken.None));
        Assert.Equal("huge", last.Question);
        Assert.True(Bot.Core.Chunking.TokenCounter.Count(last.AnswerText) <= 64);
    }

    [Fact]
    public async Task Expires_after_being_idle()
    {
        var clock = new ManualClock();
        var store = Store(new ConversationOptions { ExpireAfterMinutes = 30 }, clock);
        await store.AppendAsync("a", new ChatTurn("q", "a"), CancellationToken.None);
        clock.Now += TimeSpan.FromMinutes(29);
        Assert.Single(await store.RecentAsync("a", CancellationToken.None));
        clock.Now += TimeSpan.FromMinutes(2);
        Assert.Empty(await store.RecentAsync("a", CancellationToken.None));
    }

    [Fact]
    public async Task Reset_forgets_one_conversation_only()
    {
        var store = Store(new ConversationOptions());
        await store.AppendAsync("a", new ChatTurn("q", "a"), CancellationToken.None);
        await store.AppendAsync("b", new ChatTurn("q", "a"), CancellationToken.None);
        await store.ResetAsync("a", CancellationToken.None);
        Assert.Empty(await store.RecentAsync("a", CancellationToken.None));
        Assert.Single(await store.RecentAsync("b", CancellationToken.None));
    }

    [Fact]
    public async Task Is_bounded_in_conversations_dropping_the_least_recently_used()
    {
        var clock = new ManualClock();
        var store = Store(new ConversationOptions { MaxConversations = 2 }, clock);
        foreach (var id in new[] { "a", "b", "c" })
        {
            await store.AppendAsync(id, new ChatTurn("q", "a"), CancellationToken.None);
            clock.Now += TimeSpan.FromSeconds(1);
        }
        Assert.Empty(await store.RecentAsync("a", CancellationToken.None));
        Assert.Single(await store.RecentAsync("c", CancellationToken.None));
    }

    [Fact]
    public async Task Over_the_cap_a_tenth_of_the_conversations_goes_at_once_the_least_recently_used_first()
    {
        var clock = new ManualClock();
        var store = Store(new ConversationOptions { MaxConversations = 20 }, clock);
        for (var i = 0; i < 21; i++)
        {
            await store.AppendAsync($"c{i}", new ChatTurn("q", "a"), CancellationToken.None);
            clock.Now += TimeSpan.FromSeconds(1);
        }
        // 21 > 20: trimmed to 18 (a tenth below the cap), so the next two new conversations need no sweep.
        Assert.Empty(await store.RecentAsync("c0", CancellationToken.None));
        Assert.Empty(await store.RecentAsync("c2", CancellationToken.None));
        Assert.Single(await store.RecentAsync("c3", CancellationToken.None));
        Assert.Single(await store.RecentAsync("c20", CancellationToken.None));
    }

    [Fact]
    public async Task Expired_conversations_are_swept_within_a_minute_without_waiting_for_the_cap()
    {
        var clock = new ManualClock();
        var store = Store(new ConversationOptions { ExpireAfterMinutes = 5, MaxConversations = 10_000 }, clock);
        for (var i = 0; i < 100; i++) await store.AppendAsync($"old{i}", new ChatTurn("q", "a"), CancellationToken.None);
        Assert.Equal(100, store.Count);
        clock.Now += TimeSpan.FromMinutes(6); // every one of them expired; none read again
        await store.AppendAsync("new", new ChatTurn("q", "a"), CancellationToken.None);
        Assert.Equal(1, store.Count);
        Assert.Single(await store.RecentAsync("new", CancellationToken.None));
    }
}
