using Bot.Discord.Bot;
using Bot.Discord.Rest;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Tests.Bot;

/// <summary>Issue 16, memory stays flat: every per-user, per-channel and per-bucket table is bounded, idle entries swept.</summary>
public sealed class BoundedTablesTests
{
    /// <summary>A clock the test moves by hand (timestamps in ticks of 100 ns).</summary>
    private sealed class ManualClock : TimeProvider
    {
        public long Ticks { get; set; } = 1_000_000;

        public override long GetTimestamp() => Ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public void Advance(TimeSpan by) => Ticks += by.Ticks;
    }

    private static QuestionAdmission Admission(ManualClock clock, int maxEntries = 20_000, int userPerMinute = 10) =>
        new(Options.Create(new DiscordOptions { MaxRateTableEntries = maxEntries, UserQuestionsPerMinute = userPerMinute, ChannelQuestionsPerMinute = 1_000 }),
            time: clock);

    private static async Task<AdmissionVerdict> Ask(QuestionAdmission admission, ulong user, ulong channel)
    {
        var result = await admission.AdmitAsync(user, channel, CancellationToken.None);
        result.Place?.Dispose();
        return result.Verdict;
    }

    [Fact]
    public async Task Rate_table_entries_idle_for_a_minute_are_swept_while_a_muted_user_stays_muted()
    {
        var clock = new ManualClock();
        var admission = Admission(clock, userPerMinute: 1);
        for (ulong u = 1; u <= 500; u++) Assert.Equal(AdmissionVerdict.Accepted, await Ask(admission, u, 10_000 + u));
        Assert.Equal(AdmissionVerdict.Limited, await Ask(admission, 1, 10_001)); // user 1 goes over: muted for FloodMute (2 min)
        Assert.Equal(1_000, admission.Tracked);

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(AdmissionVerdict.Accepted, await Ask(admission, 9_999, 9_999)); // any question runs the minute's sweep
        // Left: the muted user (and the channel it asked in last, still in its minute? no: the channel's questions are a minute old) and the new asker.
        Assert.Equal(3, admission.Tracked);
        Assert.Equal(AdmissionVerdict.Ignored, await Ask(admission, 1, 5)); // the mute survived the sweep
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(AdmissionVerdict.Accepted, await Ask(admission, 1, 5));
    }

    [Fact]
    public async Task A_flood_of_new_askers_cannot_grow_the_rate_tables_past_their_cap_and_the_muted_are_forgotten_last()
    {
        var clock = new ManualClock();
        var admission = Admission(clock, maxEntries: 200, userPerMinute: 1);
        Assert.Equal(AdmissionVerdict.Accepted, await Ask(admission, 1, 1));
        Assert.Equal(AdmissionVerdict.Limited, await Ask(admission, 1, 1)); // the flooder, muted
        for (ulong u = 2; u < 2_000; u++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1)); // all within one minute: nothing is idle, only the cap can bound them
            Assert.Equal(AdmissionVerdict.Accepted, await Ask(admission, u, 1_000_000 + u));
            Assert.InRange(admission.Tracked, 1, 200);
        }
        Assert.True(admission.Evicted > 1_000);
        Assert.Equal(AdmissionVerdict.Ignored, await Ask(admission, 1, 1)); // still muted: the least recently active unmuted went first
    }

    [Fact]
    public void Rate_limit_buckets_beyond_the_cap_go_least_recently_used_first_but_never_one_in_use_or_exhausted()
    {
        var limiter = new RateLimiter(50, TimeSpan.FromHours(1), maxBuckets: 100);
        var busy = limiter.BucketFor(DiscordRoute.CreateMessage(1));
        Assert.True(busy.Gate.Wait(0)); // a request in flight
        var exhausted = limiter.BucketFor(DiscordRoute.CreateMessage(2));
        exhausted.Block(TimeSpan.FromMinutes(5)); // a 429: its wait must not be forgotten
        for (ulong channel = 3; channel < 1_000; channel++)
        {
            limiter.BucketFor(DiscordRoute.CreateMessage(channel));
            Assert.InRange(limiter.BucketCount, 1, 100);
        }
        Assert.Same(busy, limiter.BucketFor(DiscordRoute.CreateMessage(1)));
        Assert.Same(exhausted, limiter.BucketFor(DiscordRoute.CreateMessage(2)));
        Assert.True(exhausted.Delay > TimeSpan.FromMinutes(4));
        busy.Gate.Release();
    }

    [Fact]
    public async Task Global_requests_are_paced_so_that_no_second_admits_more_than_the_rate_and_a_tenth()
    {
        var limiter = new RateLimiter(30, TimeSpan.FromMinutes(1));
        var admitted = new List<long>();
        for (var i = 0; i < 75; i++)
        {
            await limiter.WaitGlobalAsync(counted: true, CancellationToken.None);
            admitted.Add(System.Diagnostics.Stopwatch.GetTimestamp());
        }
        // Any window of one second, anchored on each request: at most 30 + a burst of 3 (a windowed cap would admit 30
        // at once, then 30 more the moment the second is over: 60 in little more than a second at the network's far end).
        var second = System.Diagnostics.Stopwatch.Frequency;
        for (var i = 0; i < admitted.Count; i++)
            Assert.InRange(admitted.Skip(i).TakeWhile(t => t - admitted[i] < second).Count(), 1, 33);
    }

    [Theory]
    [InlineData(45, 1, 45)]
    [InlineData(45, 2, 22)]
    [InlineData(45, 3, 15)]
    [InlineData(50, 4, 12)]
    [InlineData(45, 100, 1)]
    public void The_rest_budget_is_divided_between_processes_rounding_down_so_together_they_stay_under_it(int budget, int processes, int share)
    {
        Assert.Equal(share, DiscordRestClient.ShareOf(budget, processes));
        if (processes <= budget) Assert.True(share * processes <= budget);
    }

    [Fact]
    public void More_live_processes_than_configured_lower_the_share_and_fewer_never_raise_it_above_the_setting()
    {
        using var rest = new DiscordRestClient(new HttpClient(), Options.Create(new DiscordOptions { Token = "t", GlobalRequestsPerSecond = 45, RestProcesses = 2 }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<DiscordRestClient>.Instance);
        Assert.Equal(22, rest.RequestsPerSecond);
        Assert.False(rest.ShareWith(1)); // one live process: still RestProcesses' share
        Assert.True(rest.ShareWith(5));
        Assert.Equal(9, rest.RequestsPerSecond);
        Assert.True(rest.ShareWith(2));
        Assert.Equal(22, rest.RequestsPerSecond);
    }
}
