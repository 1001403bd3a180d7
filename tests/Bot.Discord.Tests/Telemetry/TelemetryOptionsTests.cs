using Bot.Discord.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Tests.Telemetry;

public sealed class TelemetryOptionsTests
{
    private static TelemetryOptions Resolve(Dictionary<string, string?> values)
    {
        values["DISCORD_TOKEN"] = "a-token";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddDiscordBot(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<TelemetryOptions>>().Value;
    }

    [Fact]
    public void Without_settings_no_otlp_endpoint_is_configured_and_the_protocol_is_http_protobuf()
    {
        var options = Resolve([]);
        Assert.Null(options.OtlpEndpoint);
        Assert.Equal("http/protobuf", options.OtlpProtocol);
        Assert.Equal("bot", options.ServiceName);
    }

    [Fact]
    public void A_bad_endpoint_or_protocol_is_refused_with_the_setting_named()
    {
        var e = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["Bot:Telemetry:OtlpEndpoint"] = "collector:4318",
            ["Bot:Telemetry:OtlpProtocol"] = "thrift",
        }));
        Assert.Contains("Bot:Telemetry:OtlpEndpoint must be an absolute http(s) URL", e.Message, StringComparison.Ordinal);
        Assert.Contains("Bot:Telemetry:OtlpProtocol must be http/protobuf or grpc (got 'thrift')", e.Message, StringComparison.Ordinal);
    }
}
