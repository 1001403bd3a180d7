using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Bot.Core.Indexing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Benchmarks;

/// <summary>
/// Issue 15's figures: `index --verify` time on one 1, 5 and 20 MB document (in-process, the store's VerifyAsync that
/// `bot index --verify` runs), and `bot ask` latency (the real executable, start-up included) with nothing indexing,
/// while `bot index` embeds a 20 MB document, and afterwards with that document's vectors still pending.
/// </summary>
public static class LargeDocumentBenchmarks
{
    /// <summary>One document of at least <paramref name="bytes"/> UTF-8 bytes: a title line and generated paragraphs.</summary>
    public static string LargeDocument(CorpusGenerator generator, long bytes)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var sb = new StringBuilder("Generated large document\n\n");
        for (int i = 0; Encoding.UTF8.GetByteCount(sb.ToString()) < bytes; i++)
        {
            // Document(i) without its own title line: its paragraphs only, 200 at a time to keep the size check cheap.
            for (int k = 0; k < 200; k++)
            {
                var doc = generator.Document(i * 200 + k);
                sb.Append(doc, doc.IndexOf("\n\n", StringComparison.Ordinal) + 2, doc.Length - doc.IndexOf("\n\n", StringComparison.Ordinal) - 2);
            }
        }
        return sb.ToString();
    }

    public static async Task<int> VerifyAsync(string source, string work, IReadOnlyList<int> megabytes, int runs, Func<string, string, ServiceProvider> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var generator = new CorpusGenerator(source, seed: 20251207);
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}, load average {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| document | passages | sentences | first index (lexical) | `--verify` (median) | `--verify` per MB |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var mb in megabytes)
        {
            var seeds = Path.Combine(work, $"verify-{mb}", "seeds");
            var data = Path.Combine(work, $"verify-{mb}", "data");
            Directory.CreateDirectory(seeds);
            await File.WriteAllTextAsync(Path.Combine(seeds, "large.txt"), LargeDocument(generator, mb * 1_000_000L));
            await using var provider = services(seeds, data);
            var sw = Stopwatch.StartNew();
            var report = await provider.GetRequiredService<SeedIndexer>().IndexAsync(false, null, CancellationToken.None);
            var indexSeconds = sw.Elapsed.TotalSeconds;
            if (report.Added != 1) throw new InvalidOperationException($"{mb} MB: expected 1 document added, got {report.Added}; {string.Join("; ", report.Problems.Select(p => p.Message))}");
            var store = provider.GetRequiredService<IIndexStore>();
            var (passages, sentences) = await CountAsync(Path.Combine(data, "index.db"));
            var times = new List<double>();
            for (int r = 0; r < runs; r++)
            {
                sw.Restart();
                var problems = await store.VerifyAsync(CancellationToken.None);
                times.Add(sw.Elapsed.TotalSeconds);
                if (problems.Count > 0) throw new InvalidOperationException($"verify found problems: {string.Join("; ", problems)}");
            }
            var median = Median(times);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {mb} MB | {passages:N0} | {sentences:N0} | {indexSeconds:F1} s | {median:F2} s | {median / mb:F3} s |"));
        }
        return 0;
    }

    private static async Task<(long Passages, long Sentences)> CountAsync(string indexFile)
    {
        await using var c = new SqliteConnection($"Data Source={indexFile};Mode=ReadOnly");
        await c.OpenAsync();
        async Task<long> Count(string table)
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT count(*) FROM {table}";
            return (long)(await cmd.ExecuteScalarAsync())!;
        }
        return (await Count("passages"), await Count("sentences"));
    }

    public static async Task<int> AskLatencyAsync(string source, string work, string botDll, string questionsFile, int asks, int megabytes)
    {
        if (!File.Exists(botDll)) throw new FileNotFoundException($"build the CLI first (dotnet build src/Bot.Cli -c Release): {botDll} not found");
        var seeds = Path.Combine(work, "ask", "seeds");
        var data = Path.Combine(work, "ask", "data");
        Directory.CreateDirectory(seeds);
        foreach (var file in Directory.GetFiles(source, "*.txt").Order(StringComparer.Ordinal))
            File.Copy(file, Path.Combine(seeds, Path.GetFileName(file)));
        // Spread over the question file (it is ordered by article), so every article is asked about.
        var all = File.ReadLines(questionsFile).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("question").GetString()!).ToList();
        var questions = Enumerable.Range(0, Math.Min(asks, all.Count)).Select(i => all[i * all.Count / Math.Min(asks, all.Count)]).ToList();
        string[] Args(params string[] args) => [.. args, "--seeds", seeds, "--data", data];

        Console.WriteLine($"machine: {Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}, load average {LoadAverage()}");
        Console.WriteLine($"seeds: {Directory.GetFiles(seeds).Length} squad-dev articles, the packaged model (all-MiniLM-L6-v2); {questions.Count} squad-dev questions per condition");
        var sw = Stopwatch.StartNew();
        var first = await RunAsync(botDll, Args("index"));
        Console.WriteLine($"first index with vectors: {sw.Elapsed.TotalSeconds:F1} s (exit {first.ExitCode})");

        var idle = await AskAllAsync(botDll, questions, Args);

        var generator = new CorpusGenerator(source, seed: 20251207);
        await File.WriteAllTextAsync(Path.Combine(seeds, "large.txt"), LargeDocument(generator, megabytes * 1_000_000L));
        var indexing = StartBot(botDll, Args("index"));
        var output = new StringBuilder();
        var embedding = new TaskCompletionSource();
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
            if (line.StartsWith("embedding", StringComparison.Ordinal)) embedding.TrySetResult();
        }
        indexing.OutputDataReceived += (_, e) => OnLine(e.Data);
        indexing.ErrorDataReceived += (_, e) => OnLine(e.Data);
        indexing.BeginOutputReadLine();
        indexing.BeginErrorReadLine();
        sw.Restart();
        await Task.WhenAny(embedding.Task, indexing.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(30)));
        if (!embedding.Task.IsCompleted) throw new InvalidOperationException($"`bot index` did not reach the embedding phase: {output}");
        Console.WriteLine($"`bot index` stored the {megabytes} MB document's text in {sw.Elapsed.TotalSeconds:F1} s and is embedding it");
        var during = await AskAllAsync(botDll, questions, Args);
        var stillEmbedding = !indexing.HasExited;
        string progress;
        lock (output) progress = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith("embedding", StringComparison.Ordinal)) ?? "";
        Console.WriteLine($"after the asks `bot index` was {(stillEmbedding ? "still embedding" : "finished")}: {progress.Trim()}");
        if (stillEmbedding) indexing.Kill(entireProcessTree: true);
        await indexing.WaitForExitAsync();
        indexing.Dispose();

        var pending = await AskAllAsync(botDll, questions, Args);

        Console.WriteLine();
        Console.WriteLine($"| `bot ask` ({questions.Count} questions, process start-up included) | p50 | p95 | p50 ratio to idle | exit codes | notices on stderr |");
        Console.WriteLine("| --- | ---: | ---: | ---: | --- | --- |");
        var baseline = Percentile(idle.Select(a => a.Seconds).ToList(), 50);
        Row("nothing indexing", idle, baseline);
        Row($"while `bot index` embeds a {megabytes} MB document", during, baseline);
        Row($"that index stopped, its vectors pending", pending, baseline);
        return 0;
    }

    private static void Row(string what, List<(double Seconds, int ExitCode, string Stderr)> asks, double baseline)
    {
        var seconds = asks.Select(a => a.Seconds).ToList();
        var p50 = Percentile(seconds, 50);
        var codes = string.Join(", ", asks.GroupBy(a => a.ExitCode).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"));
        var notices = asks.SelectMany(a => a.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(l => l.Length > 70 ? l[..70] + "…" : l).GroupBy(l => l).OrderByDescending(g => g.Count()).Take(2)
            .Select(g => $"{g.Count()}× “{g.Key}”");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {p50:F2} s | {Percentile(seconds, 95):F2} s | {p50 / baseline:F2} | {codes} | {string.Join("; ", notices)} |"));
    }

    private static async Task<List<(double Seconds, int ExitCode, string Stderr)>> AskAllAsync(string botDll, List<string> questions, Func<string[], string[]> args)
    {
        var results = new List<(double, int, string)>();
        foreach (var q in questions)
        {
            var sw = Stopwatch.StartNew();
            var r = await RunAsync(botDll, args(["ask", q]));
            results.Add((sw.Elapsed.TotalSeconds, r.ExitCode, r.Stderr));
            if (r.ExitCode is not (0 or 1)) throw new InvalidOperationException($"ask failed (exit {r.ExitCode}): {r.Stderr}");
        }
        return results;
    }

    private static Process StartBot(string botDll, string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        psi.ArgumentList.Add(botDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var inherited in psi.Environment.Keys.Where(k => k.StartsWith("Bot__", StringComparison.OrdinalIgnoreCase)).ToList()) psi.Environment.Remove(inherited);
        var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
        p.StandardInput.Close();
        return p;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string botDll, string[] args)
    {
        using var p = StartBot(botDll, args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout, await stderr);
    }

    /// <summary>Nearest-rank percentile.</summary>
    private static double Percentile(List<double> values, int percent)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static double Median(List<double> values) => Percentile(values, 50);

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "unknown"; }
    }
}
