using Bot.Core.Answering.Ranking;
using Bot.Core.Embeddings;

namespace Bot.Core.Tests.Answering.Ranking;

public sealed class TokenVectorCacheTests
{
    private static TokenVectors Tokens(int count, float value) =>
        new(Enumerable.Range(1, count).ToArray(), Enumerable.Repeat(value, count * 2).ToArray(), 2);

    [Fact]
    public void The_least_recently_used_sentence_goes_first_when_the_bound_is_reached()
    {
        var cache = new TokenVectorCache(maxValues: 12); // three sentences of two tokens × two dimensions
        cache.Add("a", Tokens(2, 0.1f));
        cache.Add("b", Tokens(2, 0.2f));
        cache.Add("c", Tokens(2, 0.3f));
        Assert.True(cache.TryGet("a", out _)); // "a" is used again: "b" is now the least recently used

        cache.Add("d", Tokens(2, 0.4f));

        Assert.True(cache.TryGet("a", out _));
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
        Assert.True(cache.TryGet("d", out _));
        Assert.Equal(12, cache.Values);
    }

    [Fact]
    public void A_sentence_scores_the_same_on_first_use_as_from_the_cache()
    {
        var cache = new TokenVectorCache(maxValues: 100);
        var fresh = new TokenVectors([7, 8], [0.123456789f, -0.987654321f, 0.5f, 0.333333333f], 2);

        var first = cache.Add("s", fresh);
        Assert.True(cache.TryGet("s", out var again));

        Assert.Equal(first.Vectors, again.Vectors);
        Assert.Equal(first.Ids, again.Ids);
        Assert.Equal((float)(Half)0.123456789f, first.Vectors[0]);
    }

    [Fact]
    public void A_sentence_larger_than_the_whole_bound_is_returned_but_not_kept()
    {
        var cache = new TokenVectorCache(maxValues: 4);
        cache.Add("small", Tokens(1, 0.1f));

        var big = cache.Add("big", Tokens(3, 0.2f));

        Assert.Equal(3, big.Count);
        Assert.False(cache.TryGet("big", out _));
        Assert.True(cache.TryGet("small", out _));
    }
}
