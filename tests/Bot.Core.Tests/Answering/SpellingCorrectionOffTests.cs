using Bot.Core.Answering;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Answering;

/// <summary>With the packaged model (the CLI's default), where the misspelt name alone makes the abstainer refuse.</summary>
[Integration(TestCategory.Model)]
public sealed class SpellingCorrectionOffTests() : IndexedSeeds(RepoPaths.Seeds, WithPackagedModel(("Bot:CorrectSpelling", "false")))
{
    [Fact]
    public async Task With_Bot_CorrectSpelling_off_a_misspelt_name_finds_nothing()
    {
        var answer = await Services.GetRequiredService<IAnswerer>().AskAsync(new AskRequest("when did Russia delist the Talibn?"), TestTimeout.Token());
        Assert.False(answer.Answered);
        Assert.Null(answer.Note);
    }
}
