using Bot.Core.Feedback;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Feedback;

public sealed class FeedbackOptionsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private FeedbackOptions Resolve(params (string Key, string Value)[] settings)
    {
        using var services = CoreHost.Create(_folder.Path, _folder.Path, settings.ToDictionary(s => s.Key, s => (string?)s.Value));
        return services.GetRequiredService<IOptions<FeedbackOptions>>().Value;
    }

    [Fact]
    public void The_library_default_is_off_for_90_days_with_thumbs()
    {
        var o = Resolve();
        Assert.Equal((false, 90, 0.35), (o.Enabled, o.RetentionDays, o.GapSimilarity));
        Assert.Equal(["👍", "👎"], o.ReactionsInUse);
    }

    [Fact]
    public void Configured_reactions_replace_the_thumbs()
    {
        Assert.Equal(["✅", "party:123456"], Resolve(("Bot:Feedback:Reactions:0", "✅"), ("Bot:Feedback:Reactions:1", "party:123456")).ReactionsInUse);
    }

    [Theory]
    [InlineData("Bot:Feedback:RetentionDays", "0", "RetentionDays")]
    [InlineData("Bot:Feedback:GapSimilarity", "1.5", "GapSimilarity")]
    [InlineData("Bot:Feedback:Reactions:0", "⭐", "Reactions")]
    public void Bad_settings_are_refused_at_start_naming_the_setting(string key, string value, string named)
    {
        (string, string)[] settings = key.EndsWith(":0", StringComparison.Ordinal) ? [(key, value), ("Bot:Feedback:Reactions:1", value)] : [(key, value)];
        var e = Assert.Throws<OptionsValidationException>(() => Resolve(settings));
        Assert.Single(e.Failures);
        Assert.Contains(named, string.Join(" ", e.Failures), StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
