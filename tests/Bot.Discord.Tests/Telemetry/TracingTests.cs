using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Bot.Core.Answering;
using Bot.Core.Answering.Pipeline;
using Bot.Core.DependencyInjection;
using Bot.Core.Indexing;
using Bot.Discord.Telemetry;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Discord.Tests.Telemetry;

/// <summary>The spans of one question (question → answer → retrieve, rank, compose; send), in process and exported by OTLP.</summary>
[Integration(TestCategory.Server)]
public sealed class TracingTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task One_question_is_one_trace_of_retrieve_rank_compose_and_send_under_its_question_span()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is DiscordTracing.SourceName or AnswerTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake, (services, configuration) => services.AddBotCore(configuration), new Dictionary<string, string?>
        {
            ["Bot:SeedsPath"] = RepoPaths.Seeds,
            ["Bot:DataPath"] = _data.Path,
            ["Bot:Embeddings:Provider"] = "none",
        });
        await bot.Host.Services.GetRequiredService<IIndexer>().IndexAsync(false, null, CancellationToken.None);
        const ulong channel = 4242;
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("when did Russia delist the Taliban?", channel, mentionBot: true));
        await fake.WaitAsync(() => bot.Posts(channel).FirstOrDefault(), what: "the answer");

        // Other tests' bots run in parallel: this question's trace is the one whose root names this channel.
        var root = await fake.WaitAsync(() => stopped.FirstOrDefault(a => a.OperationName == "question" &&
            (string?)a.GetTagItem("discord.channel_id") == channel.ToString(CultureInfo.InvariantCulture)), what: "the question span");
        var trace = stopped.Where(a => a.TraceId == root.TraceId).ToList();
        Assert.Null(root.Parent);
        Assert.Equal(ActivityKind.Consumer, root.Kind);
        Assert.Equal("message", root.GetTagItem("discord.via"));
        Assert.Equal("answered", root.GetTagItem("bot.outcome"));
        var answer = Assert.Single(trace, a => a.OperationName == "answer");
        Assert.Equal(root.SpanId, answer.ParentSpanId);
        Assert.Equal(true, answer.GetTagItem("bot.answered"));
        var retrieve = Assert.Single(trace, a => a.OperationName == "retrieve");
        var rank = Assert.Single(trace, a => a.OperationName == "rank");
        var compose = Assert.Single(trace, a => a.OperationName == "compose");
        var send = Assert.Single(trace, a => a.OperationName == "send");
        Assert.All([retrieve, rank, compose], a => Assert.Equal(answer.SpanId, a.ParentSpanId));
        Assert.Equal(root.SpanId, send.ParentSpanId);
        Assert.True(retrieve.StartTimeUtc <= rank.StartTimeUtc && rank.StartTimeUtc <= compose.StartTimeUtc && compose.StartTimeUtc <= send.StartTimeUtc);
        Assert.True((int)retrieve.GetTagItem("bot.passages")! > 0);
        Assert.Equal(1, send.GetTagItem("discord.messages"));
        // Spans carry no text of the question or the answer.
        Assert.DoesNotContain(trace.SelectMany(a => a.TagObjects), t => t.Value is string s && s.Contains("Taliban", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_an_otlp_endpoint_the_question_spans_are_exported_over_http_protobuf()
    {
        await using var collector = new LoopbackHttpServer((_, response) => LoopbackHttpServer.WriteAsync(response, 200, [], "application/x-protobuf"));
        await using var fake = await FakeDiscord.StartAsync();
        var bot = await BotHarness.StartAsync(fake, settings: new Dictionary<string, string?>
        {
            ["Bot:Telemetry:OtlpEndpoint"] = collector.BaseUri.ToString(),
            ["Bot:Telemetry:ServiceName"] = "bot-otlp-test",
        });
        await using (bot)
        {
            await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("exported?", 4343, mentionBot: true));
            await fake.WaitAsync(() => bot.Posts(4343).FirstOrDefault(), what: "the answer");
        }
        // Stopping the bot flushed the batch; the spans went to /v1/traces as OTLP protobuf (names are plain strings in it).
        var export = Assert.Single(collector.Requests, r => r.Path == "/v1/traces" && r.Body.Contains("bot-otlp-test", StringComparison.Ordinal) &&
                                                            r.Body.Contains("4343", StringComparison.Ordinal));
        Assert.Equal("POST", export.Method);
        Assert.Equal("application/x-protobuf", export.Headers["Content-Type"]);
        Assert.Contains("question", export.Body, StringComparison.Ordinal);
        Assert.Contains("send", export.Body, StringComparison.Ordinal);
        Assert.Contains(DiscordTracing.SourceName, export.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://collector:4318", false, "http://collector:4318/v1/traces")]
    [InlineData("http://collector:4318/custom/traces", false, "http://collector:4318/custom/traces")]
    [InlineData("http://collector:4317", true, "http://collector:4317/")]
    public void The_otlp_traces_url_gets_the_signal_path_only_for_a_bare_http_endpoint(string endpoint, bool grpc, string expected) =>
        Assert.Equal(expected, TelemetryExport.TracesEndpoint(new Uri(endpoint), grpc).ToString());
}
