using Bot.Discord.Rest;

namespace Bot.Discord.Tests.Rest;

public sealed class InvalidRequestAndBucketTests
{
    [Fact]
    public void Invalid_requests_are_counted_over_a_sliding_ten_minutes()
    {
        long now = 1_000;
        var window = new InvalidRequestWindow(() => now);
        window.Add();
        window.Add();
        now += 300;
        window.Add();
        Assert.Equal(3, window.Count);
        now += 301; // the first two are now older than 10 minutes
        Assert.Equal(1, window.Count);
        now += 1_000;
        Assert.Equal(0, window.Count);
    }

    [Fact]
    public async Task Idle_rate_limit_buckets_are_swept()
    {
        // Why 500 ms: BucketFor sweeps on its own once per idle timeout, so a shorter one let a slow machine sweep during the loop.
        var limiter = new RateLimiter(50, TimeSpan.FromMilliseconds(500));
        for (ulong channel = 1; channel <= 100; channel++) limiter.BucketFor(DiscordRoute.CreateMessage(channel));
        var busy = limiter.BucketFor(DiscordRoute.CreateMessage(500));
        await busy.Gate.WaitAsync();
        Assert.Equal(101, limiter.BucketCount);
        await Task.Delay(600);
        limiter.Sweep();
        Assert.Equal(1, limiter.BucketCount); // only the one holding a request stays
    }

    [Fact]
    public void Marked_ids_stay_bounded()
    {
        var ids = new ExpiringIds(TimeSpan.FromMinutes(10), capacity: 10);
        for (ulong i = 0; i < 100; i++) ids.Mark(i);
        Assert.Equal(10, ids.Count);
        Assert.True(ids.Contains(99));
    }
}
