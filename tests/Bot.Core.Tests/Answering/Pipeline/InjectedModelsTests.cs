using Bot.Core.Answering;
using Bot.Core.Answering.Pipeline;
using Bot.Core.Answering.Ranking;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Answering.Pipeline;

/// <summary>Models handed in through <see cref="IRankingModels"/> replace the shipped ones without a rebuild.</summary>
public sealed class InjectedModelsTests : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task Without_models_the_answerer_ranks_by_the_hand_scorer_and_its_confidence_is_the_evidence()
    {
        await using var services = CoreHost.Create(RepoPaths.Seeds, _data.Path, more: s => s.AddSingleton<IRankingModels>(new RankingModelSet()));
        await services.GetRequiredService<Bot.Core.Indexing.IIndexer>().IndexAsync(false, null, TestTimeout.Token(300));

        var trace = await services.GetRequiredService<ExtractiveAnswerer>().AskWithTraceAsync(new AskRequest("when did Russia delist the Taliban?"), TestTimeout.Token());

        Assert.Equal(trace.Ranked.Select(r => r.Score).OrderDescending(), trace.Ranked.Select(r => r.Score));
        Assert.NotEqual(1.0, trace.Ranked.Sum(r => r.Score), 3); // hand scores, not a learned ranker's softmax shares
        Assert.True(trace.Answer.Answered);
        Assert.Equal(Math.Round(Math.Clamp(trace.Ranked[0].Evidence, 0, 1), 4), trace.Answer.Confidence);
    }

    public void Dispose() => _data.Dispose();
}
