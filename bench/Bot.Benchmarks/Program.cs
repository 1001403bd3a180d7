using System.Diagnostics;
using System.Globalization;
using Bot.Benchmarks;
using Bot.Core;
using Bot.Core.DependencyInjection;
using Bot.Core.Indexing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// Re-indexing benchmark (issue 5): full index of a generated corpus, then the time to pick up one added, one changed
// and one removed file, each as a ratio to a full rebuild. Medians over runs. In-process (no `bot` start-up cost).
// `verify` and `ask-latency` (issue 15): see LargeDocumentBenchmarks and docs/benchmarks.md.
int docs = 10_000, runs = 3, incrementalRuns = 5, asks = 20, megabytes = 20;
string? source = null, work = null, bot = null, questions = null;
string mode = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "reindex";
var sizes = new List<int> { 1, 5, 20 };
for (int i = mode == "reindex" && (args.Length == 0 || args[0].StartsWith('-')) ? 0 : 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--sizes": sizes = [.. args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))]; break;
        case "--asks": asks = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--megabytes": megabytes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--bot": bot = args[++i]; break;
        case "--questions": questions = args[++i]; break;
        case "--docs": docs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--incremental-runs": incrementalRuns = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--source": source = args[++i]; break;
        case "--work": work = args[++i]; break;
        default:
            Console.Error.WriteLine("""
                usage: Bot.Benchmarks [reindex] [--docs N] [--runs N] [--incremental-runs N] [--source DIR] [--work DIR]
                       Bot.Benchmarks verify [--sizes 1,5,20] [--runs N] [--source DIR] [--work DIR]
                       Bot.Benchmarks ask-latency [--asks 20] [--megabytes 20] [--bot src/Bot.Cli/bin/Release/net10.0/bot.dll] [--questions FILE] [--source DIR] [--work DIR]
                """);
            return 2;
    }
}
source ??= FindSource();
work ??= Path.Combine(Path.GetTempPath(), "bot-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
if (mode is "verify" or "ask-latency")
{
    if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
    try
    {
        return mode == "verify"
            ? await LargeDocumentBenchmarks.VerifyAsync(source, work, sizes, runs, Services)
            : await LargeDocumentBenchmarks.AskLatencyAsync(source, work, Path.GetFullPath(bot ?? "src/Bot.Cli/bin/Release/net10.0/bot.dll"),
                questions ?? "tests/data/squad-dev/questions.jsonl", asks, megabytes);
    }
    finally
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(work, recursive: true);
    }
}
if (mode != "reindex") { Console.Error.WriteLine($"unknown mode {mode}: reindex, verify or ask-latency"); return 2; }
var seeds = Path.Combine(work, "seeds");
if (Directory.Exists(work)) Directory.Delete(work, recursive: true);

var generator = new CorpusGenerator(source, seed: 20251201);
var bytes = generator.WriteCorpus(seeds, docs);
Console.WriteLine($"corpus: {docs:N0} documents, {bytes / 1024.0 / 1024.0:F1} MiB, from {generator.SentenceCount:N0} sentences of {source}");
Console.WriteLine($"machine: {Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");

var fresh = new List<double>();
var rebuild = new List<double>();
var added = new List<double>();
var changed = new List<double>();
var removed = new List<double>();
var nothing = new List<double>();
string lastData = "";
for (int run = 0; run < runs; run++)
{
    lastData = Path.Combine(work, $"data-{run}");
    await using var services = Services(seeds, lastData);
    var indexer = services.GetRequiredService<SeedIndexer>();
    var report = await Time(indexer, full: false, fresh);
    if (report.Added != docs) throw new InvalidOperationException($"expected {docs} added, got {report.Added}");
    await Time(indexer, full: true, rebuild);
    Console.WriteLine($"run {run + 1}: first index {fresh[^1]:F2} s, --full rebuild {rebuild[^1]:F2} s");
    for (int k = 0; k < incrementalRuns; k++)
    {
        int id = 900_000 + run * 100 + k;
        var addedPath = CorpusGenerator.PathOf(seeds, id);
        Directory.CreateDirectory(Path.GetDirectoryName(addedPath)!);
        await File.WriteAllTextAsync(addedPath, generator.Document(id));
        Check(await Time(indexer, false, added), r => r.Added == 1);

        var changedPath = CorpusGenerator.PathOf(seeds, (run * 37 + k * 101) % docs);
        await File.WriteAllTextAsync(changedPath, generator.Document(id, salt: " (revised)"));
        Check(await Time(indexer, false, changed), r => r.Updated == 1);

        File.Delete(addedPath);
        Check(await Time(indexer, false, removed), r => r.Removed == 1);

        Check(await Time(indexer, false, nothing), r => !r.ChangedAnything);
    }
}
SqliteConnection.ClearAllPools();
var dbSize = new FileInfo(Path.Combine(lastData, "index.db")).Length;

double full = Median(rebuild);
Console.WriteLine();
Console.WriteLine($"| measurement ({docs:N0} documents) | median | ratio to --full rebuild |");
Console.WriteLine("| --- | ---: | ---: |");
Console.WriteLine($"| first index (empty data folder) | {Median(fresh):F2} s | {Median(fresh) / full:F2} |");
Console.WriteLine($"| `--full` rebuild | {full:F2} s | 1 |");
Console.WriteLine($"| pick up 1 added file | {Median(added) * 1000:F0} ms | {Median(added) / full:P2} |");
Console.WriteLine($"| pick up 1 changed file | {Median(changed) * 1000:F0} ms | {Median(changed) / full:P2} |");
Console.WriteLine($"| pick up 1 removed file | {Median(removed) * 1000:F0} ms | {Median(removed) / full:P2} |");
Console.WriteLine($"| nothing changed | {Median(nothing) * 1000:F0} ms | {Median(nothing) / full:P2} |");
Console.WriteLine();
Console.WriteLine($"runs: {runs} full, {runs * incrementalRuns} of each incremental case; index size {dbSize / 1024.0 / 1024.0:F1} MiB");
Directory.Delete(work, recursive: true);
return 0;

static ServiceProvider Services(string seeds, string data)
{
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Bot:SeedsPath"] = seeds,
        ["Bot:DataPath"] = data,
    }).Build();
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddBotCore(configuration);
    return services.BuildServiceProvider();
}

static async Task<IndexReport> Time(SeedIndexer indexer, bool full, List<double> into)
{
    var sw = Stopwatch.StartNew();
    var report = await indexer.IndexAsync(full, null, CancellationToken.None);
    into.Add(sw.Elapsed.TotalSeconds);
    return report;
}

static void Check(IndexReport report, Func<IndexReport, bool> expected)
{
    if (!expected(report))
        throw new InvalidOperationException($"unexpected report: {report.Added} added, {report.Updated} updated, {report.Removed} removed");
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static string FindSource()
{
    foreach (var candidate in new[] { "../shared/eval/squad-dev/docs", "/work/shared/eval/squad-dev/docs", "tests/data/squad-dev/docs" })
        if (Directory.Exists(candidate)) return Path.GetFullPath(candidate);
    throw new DirectoryNotFoundException("squad-dev docs not found; pass --source DIR");
}
