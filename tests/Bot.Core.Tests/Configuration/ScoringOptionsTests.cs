using Bot.Core.Answering;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Configuration;

public sealed class ScoringOptionsTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    public void A_rerank_depth_out_of_range_is_rejected_with_the_setting_named(string depth)
    {
        using var services = CoreHost.Create("seeds", "data", new Dictionary<string, string?> { ["Bot:Scoring:RerankDepth"] = depth });
        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ScoringWeights>>().Value);
        Assert.Contains("RerankDepth", e.Message, StringComparison.Ordinal);
    }
}
