using Bot.Core.Answering;
using Bot.Core.Answering.Ranking;
using Bot.Core.Indexing;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Answering;

public sealed class RerankFallbackTests() : IndexedSeeds(RepoPaths.Seeds)
{
    [Fact]
    public async Task Candidates_with_sentence_vectors_that_the_reranker_did_not_reach_are_ranked_by_the_lexical_models()
    {
        // E.g. an ONNX export without per-token output: cosines exist, but the vector abstainer learnt re-ranked scores.
        var answerer = Services.GetRequiredService<ExtractiveAnswerer>();
        await using var reader = await Services.GetRequiredService<IIndexStore>().OpenReaderAsync(TestTimeout.Token());
        var set = await answerer.GatherAsync(reader, QuestionAnalyzer.Analyze("when did Russia delist the Taliban?"), TestTimeout.Token());
        var unreranked = set with { VectorCosines = new double[set.Sentences.Count], Reranked = false };

        var ranked = answerer.Rank(unreranked);
        var lexical = answerer.Rank(set, RankingModels.Ranker, RankingModels.Abstainer, RankingModels.AbstainerTrees);

        Assert.NotNull(RankingModels.TokenReranker);
        Assert.Equal(lexical.Confidence, ranked.Confidence, 12);
        Assert.Equal(lexical.Answered, ranked.Answered);
        Assert.Equal(lexical.Ranked.Select(r => r.Sentence.Id), ranked.Ranked.Select(r => r.Sentence.Id));
    }
}
