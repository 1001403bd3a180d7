using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;

namespace Bot.DiscordBench;

/// <summary>
/// The real <c>bot discord</c> (bot.dll, lexical) as a child process against the fake Discord, so its memory is its own:
/// the fake's logs of every call and dispatch stay in this process. Memory is read from the bot's /metrics (.NET's
/// System.Runtime meter: GC heap after the last collection, working set) and its RSS.
/// </summary>
internal sealed class ChildBot : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempFolder _data;
    private readonly StringBuilder _stderr = new();

    private ChildBot(Process process, TempFolder data, int port)
    {
        _process = process;
        _data = data;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public HttpClient Http { get; }

    /// <summary>Extra environment for the bot (<c>--set Bot__X__Y=value</c>), e.g. smaller table caps for a soak.</summary>
    public static Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// <c>dotnet-gcdump</c> (<c>--gcdump PATH</c>): the soak then measures the live heap every 2 minutes. The metric "heap
    /// after the last collection" counts dead objects in older generations until a full collection; a gcdump induces one
    /// and sums what survives it.
    /// </summary>
    public static string? GcDumpTool { get; set; }

    /// <summary>The live managed heap in bytes (after a full collection), by dotnet-gcdump; null without the tool.</summary>
    public async Task<(long Bytes, long Objects)?> LiveHeapAsync()
    {
        if (GcDumpTool is null) return null;
        var file = Path.Combine(_data.Path, "heap.gcdump");
        await RunToolAsync("collect", "-p", _process.Id.ToString(CultureInfo.InvariantCulture), "-o", file);
        var report = await RunToolAsync("report", file);
        File.Delete(file);
        long bytes = 0, objects = 0;
        foreach (var line in report.Split('\n').Select(l => l.Trim()))
        {
            if (line.EndsWith("GC Heap bytes", StringComparison.Ordinal)) bytes = long.Parse(line.Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            if (line.EndsWith("GC Heap objects", StringComparison.Ordinal)) objects = long.Parse(line.Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        }
        return (bytes, objects);
    }

    private static async Task<string> RunToolAsync(params string[] args)
    {
        var psi = new ProcessStartInfo(GcDumpTool!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var tool = Process.Start(psi)!;
        var output = tool.StandardOutput.ReadToEndAsync();
        _ = tool.StandardError.ReadToEndAsync();
        await tool.WaitForExitAsync();
        return await output;
    }

    public static ChildBot Start(FakeDiscord fake, int shards)
    {
        var data = new TempFolder();
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bot.dll"));
        foreach (var a in new[] { "discord", "--seeds", RepoPaths.Seeds, "--data", data.Path }) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DISCORD_TOKEN"] = fake.Token;
        psi.Environment["Bot__Discord__ApiBaseUrl"] = fake.ApiBase;
        psi.Environment["Bot__Discord__ShardCount"] = shards.ToString(CultureInfo.InvariantCulture);
        psi.Environment["Bot__Discord__HealthPort"] = port.ToString(CultureInfo.InvariantCulture);
        psi.Environment["Bot__Embeddings__Provider"] = "none";
        foreach (var (key, value) in Settings) psi.Environment[key] = value;
        var process = Process.Start(psi)!;
        var child = new ChildBot(process, data, port);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (child._stderr) child._stderr.AppendLine(e.Data);
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return child;
    }

    public async Task WaitReadyAsync(FakeDiscord fake)
    {
        await fake.WaitUntilAsync(() =>
        {
            if (_process.HasExited) throw new InvalidOperationException($"bot exited with {_process.ExitCode}: {_stderr}");
            try
            {
                return Http.GetAsync(new Uri("/healthz", UriKind.Relative)).GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromMinutes(3), "every shard READY");
    }

    public async Task<PrometheusText> ScrapeAsync() => new(await Http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

    /// <summary>Resident set size of the bot process, from /proc.</summary>
    public long Rss()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        return 0;
    }

    public static double HeapBytes(PrometheusText m) => m.Sum("dotnet_gc_last_collection_heap_size_bytes");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", $"-TERM {_process.Id}")) await term.WaitForExitAsync();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
        Http.Dispose();
        _data.Dispose();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static FakeDiscord Configure(FakeDiscord fake, int shards)
    {
        fake.Shards = shards;
        fake.MaxConcurrency = 16;
        fake.RouteLimit = 5;
        fake.Guilds.Clear();
        for (var s = 0; s < shards; s++) fake.Guilds.AddRange([FakeDiscord.GuildOnShard(s, shards, 0), FakeDiscord.GuildOnShard(s, shards, 1)]);
        return fake;
    }

    /// <summary>Memory of a bot running <paramref name="shards"/> shards: READY, 40 questions answered over every shard, then settled.</summary>
    public static async Task MemoryAsync(int shards)
    {
        await using var fake = Configure(await FakeDiscord.StartAsync(), shards);
        await using var bot = Start(fake, shards);
        await bot.WaitReadyAsync(fake);
        for (var i = 0; i < 40; i++)
        {
            var guild = fake.Guilds[i % fake.Guilds.Count];
            await fake.DispatchAsync("MESSAGE_CREATE", fake.Message(SeedQuestions.All[i % SeedQuestions.All.Length], 90_000 + (ulong)i, guildId: guild,
                authorId: 7_000 + (ulong)i, mentionBot: true));
        }
        await fake.WaitUntilAsync(() => fake.Calls("POST", "/channels/{channel_id}/messages").Count(c => c.Status == 200) >= 40, TimeSpan.FromMinutes(2), "40 replies");
        await Task.Delay(TimeSpan.FromSeconds(10)); // settle: a few heartbeats, a GC or two
        var m = await bot.ScrapeAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{shards} shard(s): RSS {bot.Rss() / 1048576.0:F1} MiB, working set {m.Sum("dotnet_process_memory_working_set_bytes") / 1048576.0:F1} MiB, " +
            $"GC heap after last collection {HeapBytes(m) / 1048576.0:F2} MiB, GC collections {m.Sum("dotnet_gc_collections_total")}"));
    }

    /// <summary>
    /// Channel churn for <paramref name="length"/>: <paramref name="perSecond"/> questions a second, each in a channel never
    /// used before, by 1,000 rotating users; memory, REST buckets and rate-table entries sampled every 30 s.
    /// </summary>
    public static async Task SoakAsync(TimeSpan length, double perSecond)
    {
        await using var fake = Configure(await FakeDiscord.StartAsync(), 1);
        fake.GlobalLimit = 50;
        await using var bot = Start(fake, 1);
        await bot.WaitReadyAsync(fake);
        var clock = Stopwatch.StartNew();
        var next = TimeSpan.Zero;
        var asked = 0;
        long pruned = 0;
        var samples = new List<(double Minutes, long Rss, double Heap, double Buckets, double Tracked, long Replies)>();
        var live = new List<(double Minutes, long Bytes, long Objects)>();
        var limited = new List<TimeSpan>(); // when the fake answered 429 (its clock)
        var dumps = new List<(TimeSpan From, TimeSpan To)>(); // when a gcdump held the bot (the fake's clock)
        string[] tables = ["rest_buckets", "rate_users", "rate_channels", "feedback_messages", "conversations", "forbidden_channels"];
        Console.WriteLine($"minute  RSS MiB  GC heap MiB  replies  {string.Join("  ", tables)}");
        while (clock.Elapsed < length)
        {
            if (clock.Elapsed >= next)
            {
                var m = await bot.ScrapeAsync();
                var replies = pruned + fake.Calls("POST", "/channels/{channel_id}/messages").Count(c => c.Status == 200);
                var sample = (clock.Elapsed.TotalMinutes, bot.Rss(), HeapBytes(m), m.Sum("bot_discord_rest_buckets"), m.Sum("bot_discord_admission_tracked"), replies);
                samples.Add(sample);
                var entries = string.Join("  ", tables.Select(t => m.Sum("bot_discord_table_entries", ("table", t)).ToString(CultureInfo.InvariantCulture).PadLeft(t.Length)));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{sample.Item1,6:F1}  {sample.Item2 / 1048576.0,7:F1}  {sample.Item3 / 1048576.0,11:F2}  {sample.Item6,7}  {entries}"));
                var dumpFrom = fake.Now;
                if (samples.Count % 4 == 3 && await bot.LiveHeapAsync() is { } heap) // minutes 1, 3, 5, …
                {
                    dumps.Add((dumpFrom, fake.Now));
                    live.Add((clock.Elapsed.TotalMinutes, heap.Bytes, heap.Objects));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"        live heap (full collection, dotnet-gcdump): {heap.Bytes / 1048576.0:F2} MiB in {heap.Objects:N0} objects"));
                }
                next += TimeSpan.FromSeconds(30);
                while (fake.Rest.Count > 10_000 && fake.Rest.TryDequeue(out var old)) // the fake's own log, in this process
                {
                    if (old is { Method: "POST", Template: "/channels/{channel_id}/messages", Status: 200 }) pruned++;
                    if (old.Status == 429) limited.Add(old.At);
                }
            }
            var channel = 1_000_000 + (ulong)asked;
            await fake.DispatchAsync("MESSAGE_CREATE", fake.Message(SeedQuestions.All[asked % SeedQuestions.All.Length], channel, guildId: fake.Guilds[0],
                authorId: 20_000 + (ulong)(asked % 1000), mentionBot: true));
            asked++;
            var due = TimeSpan.FromSeconds(asked / perSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due);
        }
        limited.AddRange(fake.Rest.Where(c => c.Status == 429).Select(c => c.At));
        if (await bot.LiveHeapAsync() is { } last) live.Add((clock.Elapsed.TotalMinutes, last.Bytes, last.Objects));
        // Start (minutes 1-2.5), middle (1.5 minutes around the half) and end (the last 1.5 minutes): the same run's own peers.
        var half = length.TotalMinutes / 2;
        var spans = new[]
        {
            ("start", samples.Where(s => s.Minutes is >= 1 and < 2.5).ToList()),
            ("middle", samples.Where(s => s.Minutes >= half - 0.75 && s.Minutes < half + 0.75).ToList()),
            ("end", samples.TakeLast(3).ToList()),
        };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"soak: {asked} questions in {asked} new channels over {length.TotalMinutes:F0} min; violations route {fake.Violations}, global {fake.GlobalViolations}"));
        foreach (var (name, span) in spans.Where(s => s.Item2.Count > 0))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-6} (minutes {span[0].Minutes:F1}-{span[^1].Minutes:F1}): GC heap after the last collection mean {span.Average(s => s.Heap) / 1048576.0:F2} MiB (min {span.Min(s => s.Heap) / 1048576.0:F2}, max {span.Max(s => s.Heap) / 1048576.0:F2}), RSS mean {span.Average(s => s.Rss) / 1048576.0:F1} MiB"));
        Console.WriteLine("  429s at (the fake's clock, minutes): " + (limited.Count == 0 ? "none" : string.Join(", ", limited.Select(t => t.TotalMinutes.ToString("F2", CultureInfo.InvariantCulture)))) +
                          (dumps.Count == 0 ? "" : "; the bot held by a gcdump: " + string.Join(", ", dumps.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.From.TotalMinutes:F2}-{d.To.TotalMinutes:F2}")))));
        if (live.Count > 0)
            Console.WriteLine("  live heap: " + string.Join(", ", live.Select(l => string.Create(CultureInfo.InvariantCulture, $"minute {l.Minutes:F1} {l.Bytes / 1048576.0:F2} MiB"))));
    }
}
