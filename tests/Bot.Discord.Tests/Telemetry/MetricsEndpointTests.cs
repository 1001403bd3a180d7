using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Bot.Core.Answering;
using Bot.Discord.Bot;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;

namespace Bot.Discord.Tests.Telemetry;

/// <summary>/healthz and the OpenTelemetry Prometheus /metrics on the HealthPort, scraped over loopback after real questions.</summary>
[Integration(TestCategory.Server)]
[Collection(MetricsCollection.Name)]
public sealed class MetricsEndpointTests
{
    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Metrics_count_questions_by_outcome_with_their_latency_and_the_shard_and_rest_figures()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.Intercept = c => c.Template == "/channels/{channel_id}/messages" && c.Major == "94" ? FakeResponse.Error(403, 50013, "Missing Permissions") : null;
        var port = FreePort();
        await using var bot = await BotHarness.StartAsync(fake, settings: new Dictionary<string, string?>
        {
            ["Bot:Discord:HealthPort"] = port.ToString(CultureInfo.InvariantCulture),
            ["Bot:Discord:UserQuestionsPerMinute"] = "1",
        });
        bot.Answerer!.Respond = r => r.Question.StartsWith("nothing", StringComparison.Ordinal)
            ? Answer.NotFound(r.Question)
            : new Answer(r.Question, true, [new Quote($"Answer to: {r.Question}", "Test document", "doc.txt", 3, 0, 10, 1.0, null)], []);

        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("counted?", 90, authorId: 901, mentionBot: true));
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("nothing here?", 91, authorId: 902, mentionBot: true));
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("first?", 92, authorId: 903, mentionBot: true));
        await fake.WaitAsync(() => bot.Posts(92).FirstOrDefault(), what: "the first answer to user 903");
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("second?", 93, authorId: 903, mentionBot: true)); // over 1 a minute
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("forbidden?", 94, authorId: 904, mentionBot: true)); // the reply gets 403
        await fake.WaitUntilAsync(() => bot.Posts(90).Count == 1 && bot.Posts(91).Count == 1 && bot.Posts(93).Count == 1 &&
                                         fake.Calls("POST", "/channels/{channel_id}/messages").Any(c => c.Major == "94"), what: "the replies");

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        PrometheusText? metrics = null;
        // Counted once each reply is sent, a moment after the fake recorded it; the first heartbeat ACK comes within a second.
        await fake.WaitUntilAsync(() =>
        {
            metrics = Scrape(http);
            return metrics is not null && metrics.Sum("bot_discord_questions_total") == 5 && metrics.Has("bot_discord_gateway_heartbeat_latency_seconds_count", ("shard", "0"));
        }, what: "the five questions counted and a heartbeat ACK measured");

        Assert.Equal(2, metrics!.Sum("bot_discord_questions_total", ("outcome", "answered"), ("via", "message")));
        Assert.Equal(1, metrics.Sum("bot_discord_questions_total", ("outcome", "abstained")));
        Assert.Equal(1, metrics.Sum("bot_discord_questions_total", ("outcome", "limited")));
        Assert.Equal(1, metrics.Sum("bot_discord_questions_total", ("outcome", "failed")));
        // Every question that got (or failed to get) its reply has a latency; the refused one has none.
        Assert.Equal(4, metrics.Sum("bot_discord_answer_duration_seconds_count"));
        Assert.Equal(2, metrics.Sum("bot_discord_answer_duration_seconds_bucket", ("outcome", "answered"), ("le", "+Inf")));
        Assert.InRange(metrics.Sum("bot_discord_answer_duration_seconds_sum"), 1e-6, 60);
        Assert.Equal(0, metrics.Sum("bot_discord_questions_queued"));
        Assert.Equal(0, metrics.Sum("bot_discord_questions_answering"));
        Assert.Equal(1, metrics.Sum("bot_discord_shard_ready", ("shard", "0")));
        Assert.Equal(1, metrics.Sum("bot_discord_shards"));
        Assert.Equal(1, metrics.Sum("bot_discord_gateway_connections_total", ("shard", "0"), ("kind", "identify")));
        Assert.False(metrics.Has("bot_discord_gateway_reconnects_total"));
        Assert.True(metrics.Sum("bot_discord_gateway_latency_seconds", ("shard", "0")) > 0);
        Assert.Equal(1, metrics.Sum("bot_discord_rest_invalid_requests_total", ("status", "403")));
        Assert.Equal(1, metrics.Sum("bot_discord_rest_invalid_requests_recent"));

        var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/other", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_reconnect_and_a_429_are_counted_per_shard_and_scope()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var limited = 0;
        fake.Intercept = c => c.Template == "/channels/{channel_id}/messages" && Interlocked.Increment(ref limited) == 1 ? FakeResponse.RateLimited(0.05) : null;
        var port = FreePort();
        await using var bot = await BotHarness.StartAsync(fake, settings: new Dictionary<string, string?> { ["Bot:Discord:HealthPort"] = port.ToString(CultureInfo.InvariantCulture) });
        fake.Drop();
        await fake.WaitUntilAsync(() => fake.Connections.Count == 2 && bot.Gateway.IsReady, what: "the resumed connection");
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("after the drop?", 96, mentionBot: true));
        await fake.WaitAsync(() => bot.Posts(96).FirstOrDefault(), what: "the answer after one 429");

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        PrometheusText? metrics = null;
        await fake.WaitUntilAsync(() => (metrics = Scrape(http)) is not null && metrics.Sum("bot_discord_questions_total") == 1, what: "the answer counted");
        Assert.Equal(1, metrics!.Sum("bot_discord_gateway_reconnects_total", ("shard", "0")));
        Assert.Equal(1, metrics.Sum("bot_discord_gateway_connections_total", ("shard", "0"), ("kind", "resume")));
        Assert.Equal(1, metrics.Sum("bot_discord_rest_rate_limited_total", ("scope", "route")));
        Assert.Equal(1, metrics.Sum("bot_discord_rest_invalid_requests_total", ("status", "429")));
    }

    private static PrometheusText? Scrape(HttpClient http)
    {
        try
        {
            var text = http.GetStringAsync(new Uri("/metrics", UriKind.Relative)).GetAwaiter().GetResult();
            return new PrometheusText(text) { Text = text };
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
    }
}
