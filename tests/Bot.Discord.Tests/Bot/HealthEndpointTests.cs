using System.Net;
using System.Net.Sockets;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;

namespace Bot.Discord.Tests.Bot;

[Integration(TestCategory.Server)]
public sealed class HealthEndpointTests
{
    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Healthz_is_200_when_every_shard_is_ready_and_metrics_count_answers_and_shards()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var port = FreePort();
        await using var bot = await BotHarness.StartAsync(fake, settings: new Dictionary<string, string?> { ["Bot:Discord:HealthPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("counted?", 90, mentionBot: true));
        await fake.WaitAsync(() => bot.Posts(90).FirstOrDefault(), what: "answer");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        HttpResponseMessage? health = null;
        await fake.WaitUntilAsync(() =>
        {
            try
            {
                health = http.GetAsync("/healthz").GetAwaiter().GetResult();
                return true;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, what: "health endpoint");
        Assert.Equal(HttpStatusCode.OK, health!.StatusCode);
        // The answer is counted once its reply is sent, a moment after the fake recorded it.
        await fake.WaitUntilAsync(() => http.GetStringAsync("/metrics").GetAwaiter().GetResult().Contains("bot_discord_questions_answered_total 1", StringComparison.Ordinal),
            what: "the answer counted");
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("bot_discord_shard_ready{shard=\"0\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("bot_discord_question_queue_depth 0", metrics, StringComparison.Ordinal);
    }
}
