using System.Collections.Concurrent;
using Bot.Core.Answering;
using Bot.Discord.Bot;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;

namespace Bot.Discord.Tests.Bot;

/// <summary>Backpressure and abuse limits: the pending-question queue, per-user rates, typing only while answering,
/// interaction age and deferral, channels that refuse the bot.</summary>
[Integration(TestCategory.Server)]
public sealed class BackpressureTests
{
    private const string Callback = "/interactions/{interaction_id}/{token}/callback";
    private const string Original = "/webhooks/{application_id}/{token}/messages/@original";

    [Fact]
    public async Task A_flooder_gets_one_polite_reply_then_silence_while_others_are_answered()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.RouteLimit = 100;
        await using var bot = await BotHarness.StartAsync(fake, settings: new Dictionary<string, string?> { ["Bot:Discord:UserQuestionsPerMinute"] = "3" });
        for (var i = 0; i < 8; i++)
            await fake.DispatchAsync("MESSAGE_CREATE", fake.Message($"flood {i}?", 50, authorId: 901, mentionBot: true));
        for (var i = 0; i < 2; i++)
            await fake.DispatchAsync("MESSAGE_CREATE", fake.Message($"calm {i}?", 51, authorId: 902, mentionBot: true));
        await fake.WaitUntilAsync(() => bot.Posts(50).Count == 4 && bot.Posts(51).Count == 2, what: "3 answers and 1 polite reply to the flooder, 2 answers to the other user");
        await Task.Delay(500);

        var flooder = bot.Posts(50);
        Assert.Equal(4, flooder.Count);
        Assert.Single(flooder, p => p.Content == QuestionAdmission.UserLimitedText);
        Assert.Equal(3, bot.Answerer!.Requests.Count(r => r.Question.StartsWith("flood", StringComparison.Ordinal)));
        Assert.Equal(2, bot.Answerer.Requests.Count(r => r.Question.StartsWith("calm", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_full_queue_answers_busy_and_ask_gets_an_ephemeral_busy_reply()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake, settings: new Dictionary<string, string?>
        {
            ["Bot:Discord:MaxPendingQuestions"] = "1",
            ["Bot:Discord:MaxConcurrentAnswers"] = "1",
        });
        bot.Answerer!.Delay = TimeSpan.FromSeconds(2);
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("first?", 60, authorId: 911, mentionBot: true));
        await fake.WaitUntilAsync(() => bot.Answerer.Requests.Count == 1, what: "first question being answered");
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("second?", 61, authorId: 912, mentionBot: true));
        var ask = fake.Interaction("ask", 62, "third?", userId: 913);
        await fake.DispatchAsync("INTERACTION_CREATE", ask);

        var busy = await fake.WaitAsync(() => bot.Posts(61).FirstOrDefault(), what: "busy reply");
        Assert.Equal(QuestionAdmission.BusyText, busy.Content);
        var callback = await fake.WaitAsync(() => fake.Calls("POST", Callback).FirstOrDefault(), what: "ephemeral busy callback");
        Assert.Equal(4, callback.Json.GetProperty("type").GetInt32());
        Assert.Equal(EphemeralFlag, callback.Json.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Equal(QuestionAdmission.BusyText, callback.Json.GetProperty("data").GetProperty("content").GetString());
        await fake.WaitAsync(() => bot.Posts(60).FirstOrDefault(), what: "first answer");
        Assert.Single(bot.Answerer.Requests);
    }

    private const int EphemeralFlag = 64;

    [Fact]
    public async Task Typing_starts_only_once_an_answer_slot_is_taken()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake, settings: new Dictionary<string, string?> { ["Bot:Discord:MaxConcurrentAnswers"] = "1" });
        var finished = new ConcurrentDictionary<string, TimeSpan>();
        bot.Answerer!.Delay = TimeSpan.FromMilliseconds(800);
        bot.Answerer.Respond = r =>
        {
            finished[r.Question] = fake.Now;
            return new Answer(r.Question, true, [new Quote($"Answer to: {r.Question}", "Test document", "doc.txt", 3, 0, 10, 1.0, null)], []);
        };
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("one?", 63, authorId: 921, mentionBot: true));
        await fake.WaitUntilAsync(() => bot.Answerer.Requests.Count == 1, what: "first answer started");
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("two?", 64, authorId: 922, mentionBot: true));
        await fake.WaitUntilAsync(() => bot.Posts(63).Count == 1 && bot.Posts(64).Count == 1, what: "both answers");

        var typingTwo = Assert.Single(fake.Calls("POST", "/channels/{channel_id}/typing"), c => c.Major == "64");
        // The second question waited for the only slot: its channel showed "typing…" only after the first answer was made.
        Assert.True(typingTwo.At >= finished["one?"], $"typing at {typingTwo.At.TotalMilliseconds:F0} ms, first answer done at {finished["one?"].TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task An_interaction_older_than_its_token_lifetime_is_dropped_without_a_call()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake);
        var old = Snowflake.At(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(16)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await fake.DispatchAsync("INTERACTION_CREATE", fake.Interaction("ask", 70, "stale?", id: old));
        await fake.DispatchAsync("INTERACTION_CREATE", fake.Interaction("ask", 71, "fresh?"));
        await fake.WaitAsync(() => fake.Calls("PATCH", Original).FirstOrDefault(), what: "the fresh interaction answered");
        await Task.Delay(300);

        Assert.Single(fake.Calls("POST", Callback));
        Assert.DoesNotContain(fake.Calls("POST", Callback), c => c.Major == old);
        Assert.DoesNotContain(bot.Answerer!.Requests, r => r.Question == "stale?");
    }

    [Fact]
    public async Task A_global_429_pause_does_not_hold_back_interaction_deferrals()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var limited = 0;
        fake.Intercept = c => c.Template == "/channels/{channel_id}/messages" && Interlocked.Increment(ref limited) == 1 ? FakeResponse.RateLimited(3, global: true) : null;
        await using var bot = await BotHarness.StartAsync(fake);
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("paused?", 72, mentionBot: true));
        await fake.WaitUntilAsync(() => limited == 1, what: "the global 429");
        await fake.DispatchAsync("INTERACTION_CREATE", fake.Interaction("ask", 73, "deferred at once?"));
        var deferral = await fake.WaitAsync(() => fake.Calls("POST", Callback).FirstOrDefault(), what: "deferral");
        var reply = await fake.WaitAsync(() => bot.Posts(72).FirstOrDefault(), what: "the paused reply");

        Assert.True(deferral.At < reply.At, "the deferral waited for the global pause");
        Assert.Equal(204, deferral.Status);
    }

    [Fact]
    public async Task Already_acknowledged_40060_counts_as_a_deferral_and_the_answer_is_sent()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.Intercept = c => c.Template == Callback ? FakeResponse.Error(400, 40060, "Interaction has already been acknowledged.") : null;
        await using var bot = await BotHarness.StartAsync(fake);
        await fake.DispatchAsync("INTERACTION_CREATE", fake.Interaction("ask", 74, "acknowledged?"));
        var edit = await fake.WaitAsync(() => fake.Calls("PATCH", Original).FirstOrDefault(), what: "answer in @original");
        Assert.Contains("Answer to: acknowledged?", edit.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_channel_that_refused_access_is_skipped_for_a_while()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.Intercept = c => c.Template == "/channels/{channel_id}/messages" && c.Major == "75" ? FakeResponse.Error(403, 50013, "Missing Permissions") : null;
        await using var bot = await BotHarness.StartAsync(fake);
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("may I?", 75, authorId: 931, mentionBot: true));
        await fake.WaitUntilAsync(() => fake.Calls("POST", "/channels/{channel_id}/messages").Any(c => c.Status == 403), what: "the 403");
        for (var i = 0; i < 3; i++)
            await fake.DispatchAsync("MESSAGE_CREATE", fake.Message($"again {i}?", 75, authorId: 932 + (ulong)i, mentionBot: true));
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("elsewhere?", 76, authorId: 935, mentionBot: true));
        await fake.WaitAsync(() => bot.Posts(76).FirstOrDefault(), what: "answer in another channel");
        await Task.Delay(300);

        Assert.Single(fake.Calls("POST", "/channels/{channel_id}/messages"), c => c.Major == "75");
        Assert.Single(bot.Answerer!.Requests, r => r.Question.StartsWith("may I", StringComparison.Ordinal) || r.Question.StartsWith("again", StringComparison.Ordinal));
        Assert.True(bot.Host.Services.GetService(typeof(global::Bot.Discord.Rest.DiscordRestClient)) is global::Bot.Discord.Rest.DiscordRestClient rest && rest.RecentInvalidRequests == 1);
    }
}
