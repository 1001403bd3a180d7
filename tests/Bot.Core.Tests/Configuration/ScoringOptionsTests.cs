using Bot.Core.Answering;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Configuration;

public sealed class ScoringOptionsTests
{
    [Theory]
    [InlineData("RerankDepth", "0")]
    [InlineData("RerankDepth", "101")]
    [InlineData("RerankMargin", "-1")]
    [InlineData("RerankMargin", "101")]
    [InlineData("YesNoNegationRatio", "-0.1")]
    [InlineData("YesNoNegationRatio", "1.5")]
    [InlineData("ContinuationMergeRatio", "-0.1")]
    [InlineData("ContinuationMergeRatio", "2")]
    [InlineData("NewsAbstainThreshold", "-0.1")]
    [InlineData("NewsAbstainThreshold", "1.5")]
    public void A_rerank_setting_out_of_range_is_rejected_with_the_setting_named(string setting, string value)
    {
        using var services = CoreHost.Create("seeds", "data", new Dictionary<string, string?> { ["Bot:Scoring:" + setting] = value });
        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ScoringWeights>>().Value);
        Assert.Contains(setting, e.Message, StringComparison.Ordinal);
    }
}
