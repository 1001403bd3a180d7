using Bot.Core.Answering;
using Bot.Core.Answering.Pipeline;
using Bot.Core.Answering.Ranking;
using Bot.Core.Indexing;
using Bot.Core.Questions;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.EndToEnd;

/// <summary>The seed questions through the packaged model's whole path: hybrid retrieval, vector features and the
/// late-interaction re-ranker over the first stage's best candidates (all of the depth: no margin, so the depth is what
/// decides how many; <c>RerankMarginTests</c> test the margin).</summary>
[Integration(TestCategory.Model)]
public sealed class PackagedModelAnswerTests() : IndexedSeeds(RepoPaths.Seeds, WithPackagedModel(("Bot:Scoring:RerankDepth", "4"), ("Bot:Scoring:RerankMargin", "0")))
{
    [Fact]
    public async Task The_best_candidates_are_reranked_by_token_matching_and_the_April_sentence_is_quoted()
    {
        var answerer = Services.GetRequiredService<ExtractiveAnswerer>();
        await using var reader = await Services.GetRequiredService<IIndexStore>().OpenReaderAsync(TestTimeout.Token());
        var set = await Services.GetRequiredService<CandidateGatherer>().GatherAsync(reader, QuestionAnalyzer.Analyze("when did Russia delist the Taliban?"), TestTimeout.Token(120));

        Assert.True(set.Reranked);
        var reranked = set.Features.Where(f => f[CandidateFeature.TokReranked] == 1).ToList();
        Assert.Equal(4, reranked.Count); // Bot:Scoring:RerankDepth
        Assert.All(reranked, f => Assert.InRange(f[CandidateFeature.TokMatch], 0.05, 1));

        var answer = await answerer.AskAsync(new AskRequest("when did Russia delist the Taliban?"), TestTimeout.Token(120));
        Assert.True(answer.Answered);
        Assert.Equal("In April, Russia’s Supreme Court removed the Taliban from its list of terrorist organisations.", answer.Quotes[0].Text);
    }

    [Fact]
    public async Task An_unrelated_question_is_still_not_answered()
    {
        var answer = await Services.GetRequiredService<IAnswerer>().AskAsync(new AskRequest("What is the capital of Australia?"), TestTimeout.Token(120));
        Assert.False(answer.Answered);
    }

    [Fact]
    public async Task A_misspelt_name_that_the_abstainer_refuses_is_corrected_and_answered()
    {
        // With the model the misspelling alone makes the abstainer refuse (SpellingCorrectionOffTests); corrected, it answers.
        var answer = await Services.GetRequiredService<IAnswerer>().AskAsync(new AskRequest("when did Russia delist the Talibn?"), TestTimeout.Token());
        Assert.True(answer.Answered);
        Assert.Equal("In April, Russia’s Supreme Court removed the Taliban from its list of terrorist organisations.", answer.Quotes[0].Text);
        Assert.Equal("Searched for “Taliban” instead of “Talibn”, which the sources do not contain.", answer.Note);
    }
}
