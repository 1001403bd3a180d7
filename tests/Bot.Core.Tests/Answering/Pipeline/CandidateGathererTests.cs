using Bot.Core.Answering.Pipeline;
using Bot.Core.Answering.Ranking;
using Bot.Core.Indexing;
using Bot.Core.Questions;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Answering.Pipeline;

/// <summary>Lexical gathering over the seeds (no embedding model).</summary>
public sealed class CandidateGathererTests() : IndexedSeeds(RepoPaths.Seeds)
{
    [Fact]
    public async Task Every_candidate_carries_one_value_per_named_ranker_feature_and_no_vector_features_without_a_model()
    {
        await using var reader = await Services.GetRequiredService<IIndexStore>().OpenReaderAsync(TestTimeout.Token());

        var set = await Services.GetRequiredService<CandidateGatherer>().GatherAsync(reader, QuestionAnalyzer.Analyze("when did Russia delist the Taliban?"), TestTimeout.Token());

        Assert.NotEmpty(set.Sentences);
        Assert.Equal(set.Sentences.Count, set.Features.Length);
        Assert.All(set.Features, f => Assert.Equal(CandidateFeature.Set.Count, f.Length));
        Assert.All(set.Features, f => Assert.All(f[CandidateFeature.VectorFirst..], v => Assert.Equal(0, v)));
        Assert.Null(set.VectorCosines);
        Assert.False(set.Reranked);
        // The hand scorer's score is the ranker's first feature, and the question's type slot holds the type match.
        Assert.Equal(set.HandScored.Select(h => h.Score), set.Features.Select(f => f[CandidateFeature.Hand]));
        Assert.Equal(set.HandScored.Select(h => h.TypeMatch), set.Features.Select(f => f[CandidateFeature.Type(set.Analysis.Type)]));
    }

    [Fact]
    public async Task A_question_whose_words_no_paragraph_holds_gathers_nothing()
    {
        await using var reader = await Services.GetRequiredService<IIndexStore>().OpenReaderAsync(TestTimeout.Token());

        var set = await Services.GetRequiredService<CandidateGatherer>().GatherAsync(reader, QuestionAnalyzer.Analyze("xylophones zeppelins quokkas?"), TestTimeout.Token());

        Assert.Empty(set.Sentences);
        Assert.Empty(set.Features);
    }
}
