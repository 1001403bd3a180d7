using System.Globalization;
using System.Text.Json.Nodes;
using Bot.Core.Answering;
using Bot.Core.DependencyInjection;
using Bot.Core.Feedback;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Discord.Tests.Bot;

/// <summary>The question log in Discord: answers logged, 👍/👎 added under them, reactions recorded as ratings, /report for admins.</summary>
[Integration(TestCategory.Server)]
public sealed class FeedbackTests : IDisposable
{
    private const string Reaction = "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me";
    private const string Callback = "/interactions/{interaction_id}/{token}/callback";
    private const string Original = "/webhooks/{application_id}/{token}/messages/@original";
    private readonly TempFolder _data = new();

    private Task<BotHarness> StartAsync(FakeDiscord fake, bool enabled = true, int rememberedAnswers = 5_000) => BotHarness.StartAsync(fake, (s, c) =>
    {
        s.AddIndexStore(c);
        s.AddFeedbackLog(c);
    }, new Dictionary<string, string?>
    {
        ["Bot:DataPath"] = _data.Path,
        ["Bot:Feedback:Enabled"] = enabled ? "true" : "false",
        ["Bot:Discord:FeedbackRememberedAnswers"] = rememberedAnswers.ToString(CultureInfo.InvariantCulture),
    });

    private SqliteFeedbackStore Store => new(Path.Combine(_data.Path, "index.db"));

    private static ulong MessageIdOf(RestCall put) => ulong.Parse(put.Path.Split('/')[4], CultureInfo.InvariantCulture);

    private static JsonObject ReactionAdd(ulong user, ulong channel, ulong message, string emoji) => new()
    {
        ["user_id"] = user.ToString(CultureInfo.InvariantCulture),
        ["channel_id"] = channel.ToString(CultureInfo.InvariantCulture),
        ["message_id"] = message.ToString(CultureInfo.InvariantCulture),
        ["guild_id"] = "333",
        ["emoji"] = new JsonObject { ["id"] = null, ["name"] = emoji },
    };

    [Fact]
    public async Task Answers_are_logged_get_the_rating_reactions_and_the_askers_and_others_reactions_are_recorded_apart()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(fake);
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("what happened in April?", 40, mentionBot: true));
        await fake.WaitUntilAsync(() => fake.Calls("PUT", Reaction).Count() == 2, what: "two reactions");
        var puts = fake.Calls("PUT", Reaction).ToList();
        Assert.All(puts, p => Assert.Equal("40", p.Major));
        Assert.Equal(["👍", "👎"], puts.Select(p => p.Path.Split('/')[6])); // the server sees the percent-encoded emoji decoded
        var answer = MessageIdOf(puts[0]);

        await fake.DispatchAsync("MESSAGE_REACTION_ADD", ReactionAdd(fake.BotUserId, 40, answer, "👍")); // the bot's own: ignored
        await fake.DispatchAsync("MESSAGE_REACTION_ADD", ReactionAdd(444, 40, answer, "🎉"));           // not a rating
        await fake.DispatchAsync("MESSAGE_REACTION_ADD", ReactionAdd(444, 40, 987654, "👎"));           // not an answer
        await fake.DispatchAsync("MESSAGE_REACTION_ADD", ReactionAdd(444, 40, answer, "👎"));           // the asker
        await fake.DispatchAsync("MESSAGE_REACTION_ADD", ReactionAdd(555, 40, answer, "👍"));           // someone else
        await fake.WaitUntilAsync(() => Store.ListRatingsAsync(DateTimeOffset.MinValue, default).GetAwaiter().GetResult().Count == 2, what: "two ratings");
        await Task.Delay(300);

        var question = Assert.Single(await Store.ListQuestionsAsync(DateTimeOffset.MinValue, default));
        Assert.Equal(("discord", "what happened in April?", true, "doc.txt", 3), (question.FrontEnd, question.Question, question.Answered, question.Document, question.Paragraph));
        // An opaque hash, not the user id in clear (a substring check would fail by chance: a random hash holds "444" ~1 % of the time).
        Assert.Matches("^[0-9a-f]{32,}$", question.Asker);
        var ratings = await Store.ListRatingsAsync(DateTimeOffset.MinValue, default);
        var asker = Assert.Single(ratings, r => r.ByAsker);
        Assert.Equal(FeedbackRating.Bad, asker.Rating);
        Assert.Equal(question.Asker, asker.Rater);
        Assert.Equal("Answer to: what happened in April?", Assert.Single(asker.Quotes).Text);
        var other = Assert.Single(ratings, r => !r.ByAsker);
        Assert.Equal(FeedbackRating.Good, other.Rating);
        Assert.Empty(other.Quotes);

        // /ask: the deferred response's message gets the reactions too, in the interaction's channel.
        bot.Answerer!.Respond = r => Answer.NotFound(r.Question);
        await fake.DispatchAsync("INTERACTION_CREATE", fake.Interaction("ask", 41, "where is the passport office?"));
        await fake.WaitUntilAsync(() => fake.Calls("PUT", Reaction).Count(p => p.Major == "41") == 2, what: "reactions under /ask");
        var refused = (await Store.ListQuestionsAsync(DateTimeOffset.MinValue, default)).Single(q => !q.Answered);
        Assert.Equal("where is the passport office?", refused.Question);
        Assert.Null(refused.Document);
        Assert.Equal(question.Asker, refused.Asker);

        Assert.DoesNotContain(bot.Logs.Lines, l => l.Text.Contains("April", StringComparison.Ordinal) || l.Text.Contains("passport", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_is_for_admins_only_and_ephemeral_with_the_gap_groups_and_last_weeks_counts()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var q in new[] { "passport renewal fees", "renew passport online", "football match tonight", "football match result" })
            await Store.AddQuestionAsync(new LoggedQuestion(0, now.AddHours(-1), "discord", q, false, null, null, 0, "a"), default);
        await Store.AddQuestionAsync(new LoggedQuestion(0, now.AddDays(-10), "discord", "too old for the week", false, null, null, 0, "a"), default);
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(fake);

        await fake.DispatchAsync("INTERACTION_CREATE", fake.Interaction("report", 42, permissions: "0"));
        var refusedCall = await fake.WaitAsync(() => fake.Calls("POST", Callback).FirstOrDefault(), what: "refusal");
        Assert.Equal((4, 64), (refusedCall.Json.GetProperty("type").GetInt32(), refusedCall.Json.GetProperty("data").GetProperty("flags").GetInt32()));
        Assert.Contains("Manage Server", refusedCall.Json.GetProperty("data").GetProperty("content").GetString(), StringComparison.Ordinal);

        await fake.DispatchAsync("INTERACTION_CREATE", fake.Interaction("report", 42, permissions: "32"));
        await fake.WaitUntilAsync(() => fake.Calls("POST", Callback).Count() == 2, what: "deferral");
        var deferral = fake.Calls("POST", Callback).Last();
        Assert.Equal((5, 64), (deferral.Json.GetProperty("type").GetInt32(), deferral.Json.GetProperty("data").GetProperty("flags").GetInt32()));
        var report = await fake.WaitAsync(() => fake.Calls("PATCH", Original).FirstOrDefault(), what: "report");
        Assert.Contains("**Last 7 days**: 4 asked, 0 answered", report.Content, StringComparison.Ordinal);
        Assert.Contains("**passport renewal fees** — 2", report.Content, StringComparison.Ordinal);
        Assert.Contains("**football match tonight** — 2", report.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("too old", report.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_last_remembered_answers_take_ratings_the_older_ones_are_forgotten()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(fake, rememberedAnswers: 2);
        var answers = new List<ulong>();
        for (ulong channel = 50; channel < 53; channel++)
        {
            await fake.DispatchAsync("MESSAGE_CREATE", fake.Message($"question {channel}?", channel, mentionBot: true));
            var put = await fake.WaitAsync(() => fake.Calls("PUT", Reaction).FirstOrDefault(p => p.Major == channel.ToString(CultureInfo.InvariantCulture)),
                what: $"the reactions in channel {channel}");
            answers.Add(MessageIdOf(put));
        }
        await fake.WaitUntilAsync(() => fake.Calls("PUT", Reaction).Count() == 6, what: "every reaction added");

        await fake.DispatchAsync("MESSAGE_REACTION_ADD", ReactionAdd(444, 50, answers[0], "👍")); // the oldest answer: forgotten
        await fake.DispatchAsync("MESSAGE_REACTION_ADD", ReactionAdd(444, 52, answers[2], "👍")); // the newest: remembered
        await fake.WaitUntilAsync(() => Store.ListRatingsAsync(DateTimeOffset.MinValue, default).GetAwaiter().GetResult().Count >= 1, what: "a rating");
        await Task.Delay(300);
        var rating = Assert.Single(await Store.ListRatingsAsync(DateTimeOffset.MinValue, default));
        var rated = (await Store.ListQuestionsAsync(DateTimeOffset.MinValue, default)).Single(q => q.Id == rating.QuestionId);
        Assert.Equal("question 52?", rated.Question);
        Assert.Equal(2, bot.Host.Services.GetRequiredService<global::Bot.Discord.Bot.AnswerFeedback>().RememberedMessages);
    }

    [Fact]
    public async Task With_the_log_off_no_reactions_are_added_and_nothing_is_stored()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(fake, enabled: false);
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("anything?", 43, mentionBot: true));
        var reply = await fake.WaitAsync(() => bot.Posts(43).FirstOrDefault(), what: "reply");
        await Task.Delay(300);
        Assert.Empty(fake.Calls("PUT", Reaction));
        Assert.False(File.Exists(Path.Combine(_data.Path, "index.db")));
        Assert.False(File.Exists(Path.Combine(_data.Path, AskerHasher.SaltFileName)));
        Assert.NotNull(reply);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
