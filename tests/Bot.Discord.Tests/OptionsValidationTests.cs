using Bot.Discord.Bot;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Tests;

public sealed class OptionsValidationTests
{
    private static DiscordOptions Resolve(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddDiscordBot(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<DiscordOptions>>().Value;
    }

    /// <summary>The validation message for <paramref name="values"/> (with a token unless they set one).</summary>
    private static string Rejected(Dictionary<string, string?> values)
    {
        values.TryAdd("Bot:Discord:Token", "t");
        return Assert.Throws<OptionsValidationException>(() => Resolve(values)).Message;
    }

    [Fact]
    public void Missing_token_fails_with_a_clear_message_naming_DISCORD_TOKEN()
    {
        var e = Assert.Throws<OptionsValidationException>(() => Resolve([]));
        Assert.Contains("DISCORD_TOKEN", e.Message, StringComparison.Ordinal);
        Assert.Contains("Bot:Discord:Token", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_comes_from_DISCORD_TOKEN_when_not_configured_and_defaults_apply()
    {
        var options = Resolve(new() { ["DISCORD_TOKEN"] = "env-token" });
        Assert.Equal("env-token", options.Token);
        Assert.Equal("https://discord.com/api/v10", options.ApiBaseUrl);
        Assert.Equal(TimeSpan.FromSeconds(5), options.IdentifyInterval);
    }

    [Fact]
    public void Invalid_values_are_reported_without_echoing_the_token()
    {
        var message = Rejected(new()
        {
            ["Bot:Discord:Token"] = "Bot secret-value",
            ["Bot:Discord:ApiBaseUrl"] = "not a url",
            ["Bot:Discord:GuildIds:0"] = "abc",
        });
        Assert.Contains("ApiBaseUrl", message, StringComparison.Ordinal);
        Assert.Contains("'abc'", message, StringComparison.Ordinal);
        Assert.Contains("raw token", message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_agent_URL_that_is_not_http_and_a_gateway_limit_above_Discords_are_rejected()
    {
        var message = Rejected(new() { ["Bot:Discord:UserAgentUrl"] = "my bot", ["Bot:Discord:GatewayCommandLimit"] = "500" });
        Assert.Contains("Bot:Discord:UserAgentUrl must be an absolute http(s) URL", message, StringComparison.Ordinal);
        Assert.Contains("'my bot'", message, StringComparison.Ordinal);
        Assert.Contains("Bot:Discord:GatewayCommandLimit must be 2–120", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shard_ids_outside_the_shard_count_or_unparseable_are_rejected()
    {
        Assert.Contains("names a shard at or above ShardCount 2", Rejected(new() { ["Bot:Discord:ShardCount"] = "2", ["Bot:Discord:ShardIds"] = "0-2" }),
            StringComparison.Ordinal);
        Assert.Contains("'one'", Rejected(new() { ["Bot:Discord:ShardIds"] = "one" }), StringComparison.Ordinal);
    }

    [Fact]
    public void Table_caps_out_of_range_and_more_processes_than_requests_are_rejected_and_the_defaults_leave_headroom()
    {
        var message = Rejected(new()
        {
            ["Bot:Discord:MaxRateLimitBuckets"] = "10",
            ["Bot:Discord:MaxRateTableEntries"] = "0",
            ["Bot:Discord:FeedbackRememberedAnswers"] = "-1",
            ["Bot:Discord:RestProcesses"] = "46",
        });
        Assert.Contains("Bot:Discord:MaxRateLimitBuckets must be 100–1000000", message, StringComparison.Ordinal);
        Assert.Contains("Bot:Discord:MaxRateTableEntries must be 100–1000000", message, StringComparison.Ordinal);
        Assert.Contains("Bot:Discord:FeedbackRememberedAnswers must be 0–1000000", message, StringComparison.Ordinal);
        Assert.Contains("Bot:Discord:RestProcesses must be at least 1 and not above GlobalRequestsPerSecond", message, StringComparison.Ordinal);

        var defaults = Resolve(new() { ["Bot:Discord:Token"] = "t" });
        Assert.Equal(45, defaults.GlobalRequestsPerSecond); // under Discord's 50: room for requests that arrive late
        Assert.Equal((10_000, 20_000, 5_000), (defaults.MaxRateLimitBuckets, defaults.MaxRateTableEntries, defaults.FeedbackRememberedAnswers));
    }

    [Fact]
    public void Status_starts_without_a_fatal_error() => Assert.Null(new DiscordBotStatus().FatalError);
}
