using System.Globalization;
using Bot.Core.Answering;
using Bot.Core.Answering.Pipeline;
using Bot.Core.DependencyInjection;
using Bot.Core.Indexing;
using Bot.Discord.Rendering;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Bot.Discord.Tests.EndToEnd;

/// <summary>The real retrieval core over seeds/ behind the bot, against the loopback fake Discord.</summary>
[Integration(TestCategory.Server)]
public sealed class SeedBotTests(ITestOutputHelper output) : IDisposable
{
    private const string April = "In April, Russia’s Supreme Court removed the Taliban from its list of terrorist organisations.";
    private const string AprilEscaped = "In April, Russia’s Supreme Court removed the Taliban from its list of terrorist organisations.";

    private static readonly string[] Questions =
    [
        "when did Russia delist the Taliban?",
        "who praised the step?",
        "what did Putin call the Taliban?",
        "what does the UN call the Taliban?",
        "what happened to the central bank assets?",
        "when did Russia blacklist the Taliban?",
        "who did the Taliban foreign minister meet in Moscow?",
        "what is the capital of Australia?",
    ];

    private readonly TempFolder _data = new();

    private async Task<BotHarness> StartAsync(FakeDiscord fake, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?> { ["Bot:SeedsPath"] = RepoPaths.Seeds, ["Bot:DataPath"] = _data.Path };
        if (settings is not null) foreach (var (k, v) in settings) values[k] = v;
        var bot = await BotHarness.StartAsync(fake, (services, configuration) =>
        {
            services.AddBotCore(configuration);
            services.AddSingleton<TimingAnswerer>(sp => new TimingAnswerer(sp.GetRequiredService<ExtractiveAnswerer>()));
            services.AddSingleton<IAnswerer>(sp => sp.GetRequiredService<TimingAnswerer>());
        }, values);
        await bot.Host.Services.GetRequiredService<IIndexer>().IndexAsync(false, null, CancellationToken.None);
        return bot;
    }

    [Fact]
    public async Task Slash_ask_a_mention_and_a_DM_each_get_the_April_quote_with_its_citation()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await StartAsync(fake);

        await fake.DispatchAsync("INTERACTION_CREATE", fake.Interaction("ask", 50, "when did Russia delist the Taliban?"));
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("when did Russia delist the Taliban?", 51, mentionBot: true));
        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("when did Russia delist the Taliban?", 52, guildId: null));

        var slash = await fake.WaitAsync(() => fake.Calls("PATCH", "/webhooks/{application_id}/{token}/messages/@original").FirstOrDefault(), what: "/ask answer");
        var mention = await fake.WaitAsync(() => bot.Posts(51).FirstOrDefault(), what: "mention answer");
        var dm = await fake.WaitAsync(() => bot.Posts(52).FirstOrDefault(), what: "DM answer");
        // The citation names the document as the index titles it.
        var title = Assert.Single(await bot.Host.Services.GetRequiredService<ISourceCatalog>().ListSourcesAsync(CancellationToken.None)).Title;
        var citation = $"[1] *{DiscordMarkdown.Escape(title)}*, ¶7";
        foreach (var content in new[] { slash.Content, mention.Content, dm.Content })
        {
            Assert.StartsWith($"> {AprilEscaped}\n{citation}", content, StringComparison.Ordinal);
        }
        Assert.Equal(April, AprilEscaped); // nothing in this sentence needs escaping
        Assert.True(mention.Json.TryGetProperty("message_reference", out _));
        Assert.True(dm.Json.TryGetProperty("message_reference", out _));
    }

    [Fact]
    public async Task Forced_disconnect_in_the_middle_of_a_burst_loses_no_question()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.RouteLimit = 50;
        await using var bot = await StartAsync(fake);
        var ids = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            if (i == 15) fake.Drop(); // the TCP connection dies mid-burst; the rest wait in the session for RESUME
            var message = fake.Message(Questions[i % Questions.Length], 60 + (ulong)(i % 4), mentionBot: true);
            ids.Add(message["id"]!.GetValue<string>());
            await fake.DispatchAsync("MESSAGE_CREATE", message);
        }
        await fake.WaitUntilAsync(() => Replies(fake).Count >= 40, TimeSpan.FromSeconds(30), "40 replies");
        await Task.Delay(300);
        var replies = Replies(fake);
        Assert.Equal(ids.Order(StringComparer.Ordinal), replies.Order(StringComparer.Ordinal)); // each once, none lost
        Assert.Equal(1, bot.Gateway.Resumes);
        Assert.Single(fake.Frames(2));
    }

    [Fact]
    public async Task Load_200_questions_in_2_s_over_20_channels_are_answered_exactly_once_without_hitting_an_exhausted_bucket()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.RouteLimit = 5;                          // per channel and route, per window (Discord: 5 messages / 5 s)
        fake.RouteWindow = TimeSpan.FromSeconds(1);   // scaled down so the test stays short
        fake.GlobalLimit = 50;                        // Discord's global 50 requests/s
        await using var bot = await StartAsync(fake);
        var started = fake.Now;
        var messages = Enumerable.Range(0, 200).Select(i => fake.Message(Questions[i % Questions.Length], 100 + (ulong)(i % 20), mentionBot: true)).ToList();
        var ids = messages.Select(m => m["id"]!.GetValue<string>()).ToList();
        for (var burst = 0; burst < 4; burst++)
        {
            // 4 bursts of 50 questions, 300 ms apart: all 200 within about a second.
            if (burst > 0) await Task.Delay(300);
            await fake.DispatchManyAsync("MESSAGE_CREATE", messages.Skip(burst * 50).Take(50));
        }
        var dispatched = fake.Now - started;
        await fake.WaitUntilAsync(() => Replies(fake).Count >= 200, TimeSpan.FromSeconds(60), "200 replies");
        var done = fake.Now - started;
        await Task.Delay(300);

        Assert.True(dispatched < TimeSpan.FromSeconds(2), $"dispatch took {dispatched.TotalSeconds:F2} s");
        Assert.Equal(ids.Order(StringComparer.Ordinal), Replies(fake).Order(StringComparer.Ordinal));
        Assert.True(fake.Violations == 0, string.Join("\n", fake.ViolationLog.Take(10)));
        Assert.All(fake.Rest.Where(c => c.Status != 429), c => Assert.Equal(c.Template == "/channels/{channel_id}/typing" ? 204 : 200, c.Status));
        var latencies = Latencies(fake);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load: 200 questions dispatched in {dispatched.TotalSeconds:F2} s over 20 channels; all answered once in {done.TotalSeconds:F2} s; " +
            $"{fake.Rest.Count} REST requests, 0 into an exhausted bucket, {fake.GlobalViolations} global 429 (arrivals bunched by the loaded machine; retried); message-in → reply-out under load: median {Percentile(latencies, 50):F0} ms, p95 {Percentile(latencies, 95):F0} ms"));
    }

    [Fact]
    public async Task Message_in_to_reply_out_latency_beyond_answer_time_is_small()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.RouteLimit = 1000;
        await using var bot = await StartAsync(fake);
        var timing = bot.Host.Services.GetRequiredService<TimingAnswerer>();
        // Warm-up (JIT, SQLite caches) is not measured.
        for (var i = 0; i < 5; i++) await AskOneAsync(fake, bot, Questions[i % Questions.Length], 70);
        while (timing.Timings.TryDequeue(out _))
        {
        }
        var totals = new List<double>();
        var beyond = new List<double>();
        var answering = new List<double>();
        for (var i = 0; i < 40; i++)
        {
            var total = await AskOneAsync(fake, bot, Questions[i % Questions.Length], 71);
            Assert.True(timing.Timings.TryDequeue(out var t));
            totals.Add(total);
            answering.Add(t.Took.TotalMilliseconds);
            beyond.Add(total - t.Took.TotalMilliseconds);
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency (40 sequential questions, real seed): message-in → reply-out median {Percentile(totals, 50):F1} ms, p95 {Percentile(totals, 95):F1} ms; " +
            $"answer time median {Percentile(answering, 50):F1} ms; beyond answer time median {Percentile(beyond, 50):F1} ms, p95 {Percentile(beyond, 95):F1} ms"));
        Assert.True(Percentile(beyond, 50) < 500, "Discord overhead beyond answering should be well under half a second on loopback");
    }

    private static async Task<double> AskOneAsync(FakeDiscord fake, BotHarness bot, string question, ulong channel)
    {
        var before = bot.Posts(channel).Count;
        var message = fake.Message(question, channel, mentionBot: true);
        await fake.DispatchAsync("MESSAGE_CREATE", message);
        var reply = await fake.WaitAsync(() => bot.Posts(channel).Count > before ? bot.Posts(channel)[^1] : null, what: "reply");
        return (reply.At - fake.DispatchedAt[message["id"]!.GetValue<string>()]).TotalMilliseconds;
    }

    /// <summary>The message ids the bot replied to (first message of each answer carries the reference).</summary>
    private static List<string> Replies(FakeDiscord fake) =>
    [
        .. fake.Calls("POST", "/channels/{channel_id}/messages")
            .Where(c => c.Status == 200 && c.Json.TryGetProperty("message_reference", out _))
            .Select(c => c.Json.GetProperty("message_reference").GetProperty("message_id").GetString()!),
    ];

    private static List<double> Latencies(FakeDiscord fake) =>
    [
        .. fake.Calls("POST", "/channels/{channel_id}/messages")
            .Where(c => c.Status == 200 && c.Json.TryGetProperty("message_reference", out _))
            .Select(c => (c.At - fake.DispatchedAt[c.Json.GetProperty("message_reference").GetProperty("message_id").GetString()!]).TotalMilliseconds),
    ];

    private static double Percentile(List<double> values, int p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public void Dispose() => _data.Dispose();
}
