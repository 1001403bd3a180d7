using Bot.Core.Answering.Ranking;
using Bot.Core.Embeddings;

namespace Bot.Core.Tests.Embeddings;

/// <summary>The token re-ranker's forward passes with the real packaged model: how they are batched changes no score.</summary>
[Integration(TestCategory.Model)]
public sealed class PackagedModelRerankBatchTests(PackagedModelFixture model) : IClassFixture<PackagedModelFixture>
{
    private static readonly string[] Candidates =
    [
        "In April, Russia's Supreme Court removed the Taliban from its list of terrorist organisations.",
        "In April, Russia's top court took the Taliban off its list of terrorist groups.",
        "Moscow delisted the Taliban.",
        "The Taliban took power in Kabul in August 2021, as the last US troops left.",
        "Russia became the first country to recognise the Taliban government, its foreign ministry said on Thursday, after receiving the credentials of the new Afghan ambassador.",
        "No other country has yet recognised them.",
        "The recipe needs two cups of flour.",
        "The court's ruling took effect at once.",
        "The ambassador presented his credentials in Moscow.",
        "Kabul welcomed the decision.",
    ];

    [Fact]
    public async Task Candidates_run_together_in_length_buckets_score_as_each_run_alone()
    {
        const string question = "when did Russia delist the Taliban?";
        var q = await model.Setup.QueryTokenVectorsAsync(question, TestTimeout.Token(120));
        Assert.NotNull(q);
        var together = await model.Generator.GenerateTokenVectorsAsync(Candidates, TestTimeout.Token(120));
        var alone = new List<TokenVectors>();
        foreach (var c in Candidates) alone.Add((await model.Generator.GenerateTokenVectorsAsync([c], TestTimeout.Token(120)))[0]);
        var ids = Candidates.Select(c => model.Generator.Tokenize(c)).ToList();
        var weights = TokenMatchFeatures.Weights(q, ids);

        for (int k = 0; k < Candidates.Length; k++)
        {
            var (matchTogether, worstTogether) = TokenMatchFeatures.Score(q, weights, together[k]);
            var (matchAlone, worstAlone) = TokenMatchFeatures.Score(q, weights, alone[k]);
            Assert.Equal(matchAlone, matchTogether, 4);
            Assert.Equal(worstAlone, worstTogether, 4);
        }
        // And the question's own tokens, from the run that gave retrieval its vector, are those of a token run.
        var tokenRun = (await model.Generator.GenerateTokenVectorsAsync([question], TestTimeout.Token(120)))[0];
        Assert.Equal(tokenRun.Ids, q.Ids);
        Assert.Equal(TokenMatchFeatures.Score(tokenRun, weights, alone[0]).Match, TokenMatchFeatures.Score(q, weights, alone[0]).Match, 5);
    }
}
