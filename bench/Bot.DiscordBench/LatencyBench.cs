using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Bot.Core.Answering;
using Bot.Core.Answering.Pipeline;
using Bot.Core.DependencyInjection;
using Bot.Core.Indexing;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.DiscordBench;

/// <summary>
/// Message in → reply out at the fake Discord, less the answer's own time (measured around the real lexical answerer),
/// with the bot running <c>shards</c> shards and the questions spread over guilds of every shard.
/// </summary>
internal static class LatencyBench
{
    public static async Task RunAsync(int shards, int questions, double perSecond, bool print = true)
    {
        using var data = new TempFolder();
        await using var fake = await FakeDiscord.StartAsync();
        fake.Shards = shards;
        fake.MaxConcurrency = 16; // one identify bucket per shard: all shards identify at once
        fake.Guilds.Clear();
        for (var s = 0; s < shards; s++) fake.Guilds.AddRange([FakeDiscord.GuildOnShard(s, shards, 0), FakeDiscord.GuildOnShard(s, shards, 1)]);
        await using var bot = await BotHarness.StartAsync(fake, (services, configuration) =>
        {
            services.AddBotCore(configuration);
            services.AddSingleton(sp => new TimingAnswerer(sp.GetRequiredService<ExtractiveAnswerer>()));
            services.AddSingleton<IAnswerer>(sp => sp.GetRequiredService<TimingAnswerer>());
        }, new Dictionary<string, string?>
        {
            ["Bot:SeedsPath"] = RepoPaths.Seeds,
            ["Bot:DataPath"] = data.Path,
            ["Bot:Embeddings:Provider"] = "none",
        });
        await bot.Host.Services.GetRequiredService<IIndexer>().IndexAsync(false, null, CancellationToken.None);
        var timing = bot.Host.Services.GetRequiredService<TimingAnswerer>();

        // Warm up (JIT, SQLite caches), then the measured questions at a steady rate, round-robin over guilds and channels.
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        for (var i = -20; i < questions; i++)
        {
            var guild = fake.Guilds[(i + 20) % fake.Guilds.Count];
            var channel = 80_000 + (ulong)((i + 20) % (fake.Guilds.Count * 4));
            var text = $"{SeedQuestions.All[(i + 20) % SeedQuestions.All.Length]} (#{i})";
            var message = fake.Message(text, channel, guildId: guild, authorId: 5_000 + (ulong)((i + 20) % 97), mentionBot: true);
            if (i >= 0) ids[message["id"]!.GetValue<string>()] = text;
            var due = TimeSpan.FromSeconds((i + 20) / perSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due);
            await fake.DispatchAsync("MESSAGE_CREATE", message);
        }
        await fake.WaitUntilAsync(() => Replies(fake, ids).Count == ids.Count, TimeSpan.FromMinutes(2), "every reply");

        var took = timing.Timings.GroupBy(t => t.Question).ToDictionary(g => g.Key, g => g.First().Took, StringComparer.Ordinal);
        var overhead = new List<double>();
        var total = new List<double>();
        var answering = new List<double>();
        foreach (var (id, at) in Replies(fake, ids))
        {
            var whole = at - fake.DispatchedAt[id];
            var answer = took[ids[id]];
            total.Add(whole.TotalMilliseconds);
            answering.Add(answer.TotalMilliseconds);
            overhead.Add((whole - answer).TotalMilliseconds);
        }
        if (!print) return;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{shards} shard(s), {ids.Count} questions at {perSecond}/s: beyond answer time p50 {P(overhead, 0.5):F1} ms, p95 {P(overhead, 0.95):F1} ms; " +
            $"answer time p50 {P(answering, 0.5):F1} ms, p95 {P(answering, 0.95):F1} ms; message in -> reply out p50 {P(total, 0.5):F1} ms, p95 {P(total, 0.95):F1} ms"));
    }

    /// <summary>The first reply to each question id, when the fake received it.</summary>
    private static Dictionary<string, TimeSpan> Replies(FakeDiscord fake, Dictionary<string, string> ids)
    {
        var replies = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var post in fake.Calls("POST", "/channels/{channel_id}/messages"))
            if (post.Status == 200 && post.Json.ValueKind == JsonValueKind.Object && post.Json.TryGetProperty("message_reference", out var r) &&
                r.GetProperty("message_id").GetString() is { } id && ids.ContainsKey(id))
                replies.TryAdd(id, post.At);
        return replies;
    }

    public static double P(List<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
