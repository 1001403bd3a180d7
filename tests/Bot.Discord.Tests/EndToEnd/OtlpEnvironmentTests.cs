using Bot.Discord.Telemetry;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;

namespace Bot.Discord.Tests.EndToEnd;

/// <summary>
/// The standard OpenTelemetry variables, not the bot's own settings, point the real `bot discord` at a collector: the
/// trace of one question reaches a fake OTLP/HTTP collector on 127.0.0.1. A child process, because the variables are the
/// process's environment (setting them in the test process would reach every other test).
/// </summary>
[Integration(TestCategory.Process, TestCategory.Server)]
public sealed class OtlpEnvironmentTests : IDisposable
{
    private readonly TempFolder _work = new();

    [Fact]
    public async Task OTEL_EXPORTER_OTLP_ENDPOINT_sends_the_question_spans_to_the_collector_at_its_traces_path()
    {
        await using var collector = new LoopbackHttpServer((_, response) => LoopbackHttpServer.WriteAsync(response, 200, [], "application/x-protobuf"));
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = BotDiscordProcess.Start(_work.Path, RepoPaths.Seeds, Path.Combine(_work.Path, "data"), new Dictionary<string, string>
        {
            ["DISCORD_TOKEN"] = fake.Token,
            ["Bot__Discord__ApiBaseUrl"] = fake.ApiBase,
            ["Bot__Embeddings__Provider"] = "none", // lexical: no model to load
            ["Bot__Telemetry__ServiceName"] = "bot-otlp-env-test",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseUri.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200", // export the batch within 200 ms instead of 5 s
        });
        await fake.WaitUntilAsync(() => fake.SessionId is not null || bot.HasExited, TimeSpan.FromSeconds(90), "READY");
        Assert.False(bot.HasExited, bot.Log);

        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("when did Russia delist the Taliban?", 4444, mentionBot: true));
        await fake.WaitAsync(() => fake.Calls("POST", "/channels/{channel_id}/messages").FirstOrDefault(c => c.Major == "4444"), TimeSpan.FromSeconds(30), "the answer");
        // The signal path was appended to the variable's base URL, as the OTLP specification says for http/protobuf.
        var export = await fake.WaitAsync(() => collector.Requests.FirstOrDefault(r => r.Path == "/v1/traces" && r.Body.Contains("4444", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the question's spans at the collector");

        Assert.Equal("POST", export.Method);
        Assert.Equal("application/x-protobuf", export.Headers["Content-Type"]);
        // Protobuf carries span names, scope names and attribute values as plain UTF-8 strings.
        Assert.Contains("bot-otlp-env-test", export.Body, StringComparison.Ordinal);
        Assert.Contains(DiscordTracing.SourceName, export.Body, StringComparison.Ordinal);
        var all = string.Concat(collector.Requests.Where(r => r.Path == "/v1/traces").Select(r => r.Body));
        foreach (var span in new[] { "question", "answer", "retrieve", "rank", "compose", "send" })
            Assert.Contains(span, all, StringComparison.Ordinal);
    }

    public void Dispose() => _work.Dispose();
}
