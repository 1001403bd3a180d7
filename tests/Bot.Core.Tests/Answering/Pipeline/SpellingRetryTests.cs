using Bot.Core.Answering;
using Bot.Core.Answering.Pipeline;
using Bot.Core.Configuration;
using Bot.Core.Questions;
using Bot.Core.Tests.Search;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Answering.Pipeline;

/// <summary>When the retry is not attempted (the corrected retry itself: PackagedModelAnswerTests).</summary>
public sealed class SpellingRetryTests
{
    private static SpellingRetry Retry(bool enabled) =>
        new(Options.Create(new BotOptions { CorrectSpelling = enabled }), NullLogger<SpellingRetry>.Instance);

    private static AnswerTrace Trace(bool answered) =>
        new(answered ? new Answer("q?", true, [], []) : Answer.NotFound("q?"), QuestionAnalyzer.Analyze("q?"), [], []);

    private static Task<AnswerTrace> MustNotAsk(QuestionAnalysis analysis, string? readWith, CancellationToken ct) =>
        throw new InvalidOperationException("asked again");

    [Fact]
    public async Task An_answered_question_is_not_asked_again()
    {
        var first = Trace(answered: true);

        // The fake reader throws on a vocabulary look-up: none is made either.
        Assert.Same(first, await Retry(enabled: true).RetryAsync(new FakeIndexReader(), "when did Russia delist the Talibn?", null, first, MustNotAsk, CancellationToken.None));
    }

    [Fact]
    public async Task With_Bot_CorrectSpelling_off_an_unanswered_question_is_not_asked_again()
    {
        var first = Trace(answered: false);

        Assert.Same(first, await Retry(enabled: false).RetryAsync(new FakeIndexReader(), "when did Russia delist the Talibn?", null, first, MustNotAsk, CancellationToken.None));
    }
}
