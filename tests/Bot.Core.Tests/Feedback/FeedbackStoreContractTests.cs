using Bot.Core.Feedback;

namespace Bot.Core.Tests.Feedback;

/// <summary>What every <see cref="IFeedbackStore"/> must do; run against SQLite and PostgreSQL.</summary>
public abstract class FeedbackStoreContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract Task<IFeedbackStore> NewStoreAsync();

    private static LoggedQuestion Question(string text, bool answered, DateTimeOffset at, string asker = "a1") =>
        new(0, at, "chat", text, answered, answered ? "doc.txt" : null, answered ? 3 : null, answered ? 0.8 : 0, asker);

    [Fact]
    public async Task Questions_and_ratings_are_stored_and_a_raters_later_rating_replaces_the_earlier()
    {
        var store = await NewStoreAsync();
        Assert.Empty(await store.ListQuestionsAsync(DateTimeOffset.MinValue, default));
        var id = await store.AddQuestionAsync(Question("who praised the step?", true, T0), default);
        var refused = await store.AddQuestionAsync(Question("what is the capital of Peru?", false, T0.AddMinutes(1)), default);
        Assert.NotEqual(id, refused);

        Assert.True(await store.RateAsync(new StoredRating(id, T0.AddMinutes(2), FeedbackRating.Good, true, null, [], "a1"), default));
        Assert.True(await store.RateAsync(new StoredRating(id, T0.AddMinutes(3), FeedbackRating.Bad, true, "wrong minister",
            [new RatedQuote("Russia", "russia.txt", 7, "In April …")], "a1"), default));
        Assert.True(await store.RateAsync(new StoredRating(id, T0.AddMinutes(4), FeedbackRating.Good, false, null, [], "other"), default));

        var questions = await store.ListQuestionsAsync(T0, default);
        Assert.Equal(["who praised the step?", "what is the capital of Peru?"], questions.Select(q => q.Question));
        var first = questions[0];
        Assert.Equal((id, "chat", true, "doc.txt", 3, 0.8, "a1"), (first.Id, first.FrontEnd, first.Answered, first.Document, first.Paragraph, first.Confidence, first.Asker));
        Assert.Equal(T0, first.Time);
        Assert.Null(questions[1].Document);

        var ratings = (await store.ListRatingsAsync(T0, default)).OrderBy(r => r.Rater, StringComparer.Ordinal).ToList();
        Assert.Equal(2, ratings.Count);
        var asker = ratings[0];
        Assert.Equal((FeedbackRating.Bad, true, "wrong minister"), (asker.Rating, asker.ByAsker, asker.Reason));
        Assert.Equal("In April …", Assert.Single(asker.Quotes).Text);
        Assert.Equal((FeedbackRating.Good, false), (ratings[1].Rating, ratings[1].ByAsker));
        Assert.Empty(ratings[1].Quotes);
    }

    [Fact]
    public async Task A_rating_of_a_question_no_longer_logged_is_refused_and_changes_nothing()
    {
        var store = await NewStoreAsync();
        await store.AddQuestionAsync(Question("q", true, T0), default);
        Assert.False(await store.RateAsync(new StoredRating(424242, T0, FeedbackRating.Bad, true, "x", [], "a1"), default));
        Assert.Empty(await store.ListRatingsAsync(DateTimeOffset.MinValue, default));
    }

    [Fact]
    public async Task Retention_deletes_questions_before_the_cutoff_with_their_ratings_and_keeps_the_rest()
    {
        var store = await NewStoreAsync();
        var old = await store.AddQuestionAsync(Question("old question", false, T0), default);
        var recent = await store.AddQuestionAsync(Question("recent question", true, T0.AddDays(10)), default);
        await store.RateAsync(new StoredRating(old, T0, FeedbackRating.Bad, true, "old reason", [], "a1"), default);
        await store.RateAsync(new StoredRating(recent, T0.AddDays(10), FeedbackRating.Good, true, null, [], "a1"), default);

        Assert.Equal(1, await store.PurgeBeforeAsync(T0.AddDays(5), default));
        Assert.Equal(["recent question"], (await store.ListQuestionsAsync(DateTimeOffset.MinValue, default)).Select(q => q.Question));
        Assert.Equal([recent], (await store.ListRatingsAsync(DateTimeOffset.MinValue, default)).Select(r => r.QuestionId));
    }

    [Fact]
    public async Task Purge_all_deletes_every_question_and_rating()
    {
        var store = await NewStoreAsync();
        var id = await store.AddQuestionAsync(Question("q1", true, T0), default);
        await store.AddQuestionAsync(Question("q2", false, T0.AddDays(400)), default);
        await store.RateAsync(new StoredRating(id, T0, FeedbackRating.Bad, true, "r", [], "a1"), default);
        Assert.Equal(2, await store.PurgeAllAsync(default));
        Assert.Empty(await store.ListQuestionsAsync(DateTimeOffset.MinValue, default));
        Assert.Empty(await store.ListRatingsAsync(DateTimeOffset.MinValue, default));
        Assert.Equal(0, await store.PurgeAllAsync(default));
    }
}
