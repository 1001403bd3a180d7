using Bot.Core.Configuration;
using Bot.Core.Conversations;
using Bot.Core.DependencyInjection;
using Bot.Core.Feedback;
using Bot.Core.Indexing;
using Bot.Core.Ingesting;
using Bot.Core.Tests.TestSupport;
using Bot.Core.Watching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Configuration;

/// <summary>The [Range]/[Required] rules of the options classes, checked by their generated validators.</summary>
public sealed class AnnotatedOptionsTests
{
    [Theory]
    [InlineData("Bot:MaxQuotes", "0", "MaxQuotes")]
    [InlineData("Bot:MaxQuotes", "11", "MaxQuotes")]
    [InlineData("Bot:RetrievePassages", "0", "RetrievePassages")]
    [InlineData("Bot:MaxFileBytes", "100", "MaxFileBytes")]
    [InlineData("Bot:SeedsPath", "", "SeedsPath")]
    [InlineData("Bot:Index:AskRefreshSeconds", "-1", "AskRefreshSeconds")]
    [InlineData("Bot:Ingest:MaxRedirects", "21", "MaxRedirects")]
    [InlineData("Bot:Ingest:MaxDownloadBytes", "10", "MaxDownloadBytes")]
    [InlineData("Bot:Watch:DebounceMilliseconds", "5", "DebounceMilliseconds")]
    [InlineData("Bot:Feedback:GapSimilarity", "1.5", "GapSimilarity")]
    [InlineData("Bot:Conversations:MaxTurns", "0", "MaxTurns")]
    public void A_setting_out_of_its_range_is_refused_at_start_with_the_setting_named(string key, string value, string member)
    {
        using var services = Services(new Dictionary<string, string?> { [key] = value });
        var e = Assert.Throws<OptionsValidationException>(() => Validate(services));
        Assert.Contains(member, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_pass_every_check()
    {
        using var services = Services(new Dictionary<string, string?>());
        Validate(services);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return CoreHost.Create("seeds", "data", settings, more: s =>
        {
            s.AddSeedWatching(configuration);
            s.AddFeedbackLog(configuration);
            s.AddLlmAnswering(configuration);
        });
    }

    private static void Validate(ServiceProvider services)
    {
        _ = services.GetRequiredService<IOptions<BotOptions>>().Value;
        _ = services.GetRequiredService<IOptions<IndexRefreshOptions>>().Value;
        _ = services.GetRequiredService<IOptions<IngestOptions>>().Value;
        _ = services.GetRequiredService<IOptions<WatchOptions>>().Value;
        _ = services.GetRequiredService<IOptions<FeedbackOptions>>().Value;
        _ = services.GetRequiredService<IOptions<ConversationOptions>>().Value;
    }
}
