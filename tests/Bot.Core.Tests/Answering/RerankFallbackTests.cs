using Bot.Core.Answering.Pipeline;
using Bot.Core.Answering.Ranking;
using Bot.Core.Indexing;
using Bot.Core.Questions;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Answering;

public sealed class RerankFallbackTests() : IndexedSeeds(RepoPaths.Seeds)
{
    [Fact]
    public async Task Candidates_with_sentence_vectors_that_the_reranker_did_not_reach_are_ranked_by_the_lexical_models()
    {
        // E.g. an ONNX export without per-token output: cosines exist, but the vector abstainer learnt re-ranked scores.
        var models = Services.GetRequiredService<IRankingModels>();
        var ranker = Services.GetRequiredService<CandidateRanker>();
        var abstainer = Services.GetRequiredService<Abstainer>();
        await using var reader = await Services.GetRequiredService<IIndexStore>().OpenReaderAsync(TestTimeout.Token());
        var set = await Services.GetRequiredService<CandidateGatherer>().GatherAsync(reader, QuestionAnalyzer.Analyze("when did Russia delist the Taliban?"), TestTimeout.Token());
        var unreranked = set with { VectorCosines = new double[set.Sentences.Count], Reranked = false };

        var stage = ranker.ChooseStage(unreranked);
        var ranked = CandidateRanker.Rank(unreranked, stage.Ranker);
        var lexical = CandidateRanker.Rank(set, models.Ranker);

        Assert.NotNull(models.TokenReranker);
        Assert.Equal(new RankingStage(models.Ranker, models.Abstainer, models.AbstainerTrees), stage);
        var lexicalStage = new RankingStage(models.Ranker, models.Abstainer, models.AbstainerTrees);
        Assert.Equal(abstainer.Decide(set, lexicalStage, lexical), abstainer.Decide(unreranked, stage, ranked));
        Assert.Equal(lexical.Ranked.Select(r => r.Sentence.Id), ranked.Ranked.Select(r => r.Sentence.Id));
    }
}
