using Bot.Core.Answering;
using Bot.Core.Answering.Pipeline;
using Bot.Core.Questions;
using Bot.Core.Tests.Search;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Answering.Pipeline;

public sealed class QuoteComposerTests
{
    // No neighbour merging, so the fake reader's text is never needed.
    private static QuoteComposer Composer() => new(Options.Create(new ScoringWeights { MergeNeighbourRatio = 0, MergeForAnswerType = false, FollowUpQuoteRatio = 0.5 }));

    private static List<ScoredSentence> Ranked(params (int Ordinal, int Paragraph, double Score)[] sentences) =>
        sentences.Select(s => new ScoredSentence(Candidates.Sentence(s.Ordinal, s.Paragraph), s.Score, 1, 1, 0)).ToList();

    [Fact]
    public async Task A_refused_answer_is_not_found_with_the_two_closest_sentences()
    {
        var ranked = Ranked((1, 0, 0.6), (5, 1, 0.3), (9, 2, 0.1));

        var answer = await Composer().ComposeAsync(new FakeIndexReader(), "q?", AnswerType.Unknown, ranked, [], answered: false, 0.2, 3, CancellationToken.None);

        Assert.False(answer.Answered);
        Assert.Equal(Answer.NotFoundText, answer.Text);
        Assert.Equal(["Sentence 1.", "Sentence 5."], answer.Closest.Select(q => q.Text));
    }

    [Fact]
    public async Task Further_quotes_follow_while_the_ranker_is_nearly_as_sure_up_to_the_limit()
    {
        var ranked = Ranked((1, 0, 0.4), (5, 1, 0.3), (9, 2, 0.25), (12, 3, 0.1));

        var two = await Composer().ComposeAsync(new FakeIndexReader(), "q?", AnswerType.Unknown, ranked, [], answered: true, 0.87654, 2, CancellationToken.None);
        var all = await Composer().ComposeAsync(new FakeIndexReader(), "q?", AnswerType.Unknown, ranked, [], answered: true, 0.87654, 5, CancellationToken.None);

        Assert.Equal(["Sentence 1.", "Sentence 5."], two.Quotes.Select(q => q.Text));
        Assert.Equal(["Sentence 1.", "Sentence 5.", "Sentence 9."], all.Quotes.Select(q => q.Text)); // 0.1 < 0.4 × 0.5
        Assert.Equal(0.8765, all.Confidence);
        Assert.Equal(0.4, all.Quotes[0].Score);
    }
}
