using Bot.Core.Answering;
using Bot.Core.Feedback;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Feedback;

public sealed class QuestionLogTests : IDisposable
{
    private const string Secret = "what is the secret recipe of grandma's soup?";
    private readonly TempFolder _data = new();
    private readonly RecordingLoggerProvider _logs = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    private string DbPath => Path.Combine(_data.Path, "index.db");

    private QuestionLog NewLog(bool enabled = true, int retentionDays = 90, IFeedbackStore? store = null) =>
        new(store ?? new SqliteFeedbackStore(DbPath), new AskerHasher(_data.Path),
            Options.Create(new FeedbackOptions { Enabled = enabled, RetentionDays = retentionDays }),
            new LoggerFactory([_logs]).CreateLogger<QuestionLog>(), _clock);

    private static Answer Answered(string question) => new(question, true,
        [new Quote("In April, Russia’s Supreme Court removed the Taliban.", "Russia", "russia.txt", 7, 10, 60, 1.2)], [], Confidence: 0.79);

    [Fact]
    public async Task With_the_feature_off_nothing_is_stored_not_even_a_file()
    {
        var log = NewLog(enabled: false);
        Assert.Null(await log.RecordAsync(Answered("when?"), "chat", "x", default));
        Assert.False(await log.RateAsync(1, FeedbackRating.Bad, true, "x", "why", [], default));
        Assert.False(File.Exists(DbPath));
        Assert.False(File.Exists(Path.Combine(_data.Path, AskerHasher.SaltFileName)));
    }

    [Fact]
    public async Task An_answer_is_logged_with_its_first_quote_and_a_bad_rating_keeps_the_quotes()
    {
        var log = NewLog();
        var asker = log.HashUser("chat", "alice");
        var id = await log.RecordAsync(Answered("when did Russia delist the Taliban?"), "chat", asker, default);
        Assert.NotNull(id);
        var answer = Answered("x");
        Assert.True(await log.RateAsync(id.Value, FeedbackRating.Bad, true, asker, "  wrong year  ", answer.Quotes, default));

        var store = new SqliteFeedbackStore(DbPath);
        var q = Assert.Single(await store.ListQuestionsAsync(DateTimeOffset.MinValue, default));
        Assert.Equal(("russia.txt", 7, 0.79, true, asker), (q.Document, q.Paragraph, q.Confidence, q.Answered, q.Asker));
        var r = Assert.Single(await store.ListRatingsAsync(DateTimeOffset.MinValue, default));
        Assert.Equal("wrong year", r.Reason);
        Assert.Equal("russia.txt", Assert.Single(r.Quotes).Path);
    }

    [Fact]
    public void Asker_hashes_are_opaque_stable_and_salted_per_data_folder()
    {
        var log = NewLog();
        var h = log.HashUser("discord", "123456789012345678");
        Assert.Equal(h, log.HashUser("discord", "123456789012345678"));
        Assert.NotEqual(h, log.HashUser("chat", "123456789012345678"));
        Assert.DoesNotContain("123456789012345678", h, StringComparison.Ordinal);
        Assert.Equal(32, h.Length);
        using var other = new TempFolder();
        Assert.NotEqual(h, new AskerHasher(other.Path).Hash("discord", "123456789012345678"));
        // The salt survives a restart: a new hasher over the same folder agrees.
        Assert.Equal(h, new AskerHasher(_data.Path).Hash("discord", "123456789012345678"));
    }

    [Fact]
    public async Task Rows_past_the_retention_are_purged_before_the_first_record_and_then_daily()
    {
        var store = new SqliteFeedbackStore(DbPath);
        await store.AddQuestionAsync(new LoggedQuestion(0, _clock.Now.AddDays(-40), "chat", "too old", false, null, null, 0, "a"), default);
        var log = NewLog(retentionDays: 30);
        await log.RecordAsync(Answered("first of the run"), "chat", "a", default);
        Assert.Equal(["first of the run"], (await store.ListQuestionsAsync(DateTimeOffset.MinValue, default)).Select(q => q.Question));

        _clock.Now = _clock.Now.AddDays(20);
        await log.RecordAsync(Answered("twenty days later"), "chat", "a", default);
        _clock.Now = _clock.Now.AddDays(15); // the first is now 35 days old, the second 15
        await log.RecordAsync(Answered("thirty-five days later"), "chat", "a", default);
        Assert.Equal(["twenty days later", "thirty-five days later"], (await store.ListQuestionsAsync(DateTimeOffset.MinValue, default)).Select(q => q.Question));
        Assert.Contains(_logs.Lines, l => l.Level == LogLevel.Information && l.Text.Contains("deleted 1 question(s) older than 30 days", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_hosted_retention_service_purges_expired_rows_when_it_starts()
    {
        var store = new SqliteFeedbackStore(DbPath);
        await store.AddQuestionAsync(new LoggedQuestion(0, _clock.Now.AddDays(-100), "discord", "too old", false, null, null, 0, "a"), default);
        await store.AddQuestionAsync(new LoggedQuestion(0, _clock.Now.AddDays(-1), "discord", "recent", false, null, null, 0, "a"), default);
        using var service = new FeedbackRetentionService(NewLog(), new LoggerFactory([_logs]).CreateLogger<FeedbackRetentionService>(), _clock);
        await service.StartAsync(default);
        for (var i = 0; i < 100 && (await store.ListQuestionsAsync(DateTimeOffset.MinValue, default)).Count > 1; i++) await Task.Delay(50);
        await service.StopAsync(default);
        Assert.Equal(["recent"], (await store.ListQuestionsAsync(DateTimeOffset.MinValue, default)).Select(q => q.Question));
    }

    [Fact]
    public async Task No_question_reason_or_quote_reaches_the_log_even_when_the_store_fails()
    {
        var ok = NewLog();
        var id = await ok.RecordAsync(Answered(Secret), "chat", "a", default);
        await ok.RateAsync(id!.Value, FeedbackRating.Bad, true, "a", "secret reason", Answered(Secret).Quotes, default);
        // A data "folder" that is a file: the store cannot be created.
        var failing = NewLog(store: new SqliteFeedbackStore(Path.Combine(_data.File("blocker", "x"), "index.db")));
        Assert.Null(await failing.RecordAsync(Answered(Secret), "chat", "a", default));
        Assert.Null(await failing.RecordAsync(Answered(Secret), "chat", "a", default));

        Assert.Single(_logs.Lines, l => l.Level == LogLevel.Warning); // the failure is reported, once …
        foreach (var line in _logs.Lines)                                // … without any of the text
        {
            Assert.DoesNotContain("grandma", line.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("secret reason", line.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("Supreme Court", line.Text, StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
