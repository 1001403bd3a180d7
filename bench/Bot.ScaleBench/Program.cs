using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Bot.Core.Evaluation;
using Bot.ScaleBench;

// Scale benchmark (issue 18): for each corpus size, the bot (lexical, default model) and two BM25 peers (SQLite FTS5
// and Lucene.NET sentences), each in its own child process (so peak memory is its own): index time and size, ask
// p50 / p95 over the same squad-dev questions, quote@1, peak memory. Table on stdout, JSON with --json.
var sizes = new List<int> { 1_000, 10_000, 100_000 };
var systems = new List<string> { "lexical", "default", "fts5", "lucene" };
int questionCount = 300, defaultMax = 10_000, seed = 20261207;
string? squad = null, work = null, json = null, wordnet = WordNetSentences.DefaultFolder;
string? child = null, seeds = null, data = null, questionsFile = null, output = null;
bool keep = false, reuse = false;
int warmUp = 1;
int? embedBatch = null, embedCompare = null;
int embedConcurrency = 1;
string? embedModel = null;
bool embedInt8 = false, embedSeparate = false;
string? embedQuantization = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--sizes": sizes = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList(); break;
        case "--systems": systems = args[++i].Split(',').ToList(); break;
        case "--questions": questionCount = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        // Questions the bot answers before the timed ones: 1 (the default) is the first timed question, asked once more
        // before timing; N > 1 are N other questions of the file, so the process is warm (JIT tiers settled) when timed.
        case "--warm-up": warmUp = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--default-max": defaultMax = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--squad": squad = args[++i]; break;
        case "--wordnet": wordnet = args[++i]; break;
        case "--work": work = args[++i]; break;
        case "--json": json = args[++i]; break;
        case "--keep": keep = true; break;
        // Keep and reuse the corpora and the bot's indexes of an earlier --keep run in the same --work folder (implies --keep).
        case "--reuse": reuse = keep = true; break;
        case "--reuse-child": reuse = true; break;
        case "--vector-scan":
            // Only the default mode's vector scan over N random passage vectors (what grows with the corpus per question).
            var (p50, p95, exact50, exact95) = VectorScan.Measure(int.Parse(args[++i], CultureInfo.InvariantCulture));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"vector scan of {args[i]} passages: int8 + exact rescoring p50 {p50:F1} / p95 {p95:F1} ms; float32 scan of every row p50 {exact50:F1} / p95 {exact95:F1} ms (same hits)"));
            return 0;
        case "--write-int8": return PartialInt8.Write(args[i + 1], args[i + 2], args[i + 3]);
        case "--embed-concurrency": embedConcurrency = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--embed-batch": embedBatch = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--embed-int8": embedInt8 = true; break;
        case "--embed-int8-corpus": embedQuantization = "Int8Corpus"; break;
        case "--embed-separate": embedSeparate = true; break;
        case "--embed-model": embedModel = args[++i]; break;
        case "--embed-compare": embedCompare = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--embed-rate":
            // Only the embedding rate of the packaged model over squad-dev texts, by length-sorting window.
            var embedCount = int.Parse(args[++i], CultureInfo.InvariantCulture);
            await InTempDataAsync("embed-rate", data => EmbeddingRate.RunAsync(Path.Combine(SquadFolder(squad), "docs"), embedCount, data, embedBatch, embedCompare, embedModel, embedInt8, embedConcurrency, embedSeparate, embedQuantization));
            return 0;
        case "--question-drift":
            // Only how the question–sentence cosines move with an int8 corpus (and an int8 question).
            var driftCount = int.Parse(args[++i], CultureInfo.InvariantCulture);
            await InTempDataAsync("question-drift", data => QuestionDrift.RunAsync(SquadFolder(squad), driftCount, data));
            return 0;
        case "--rerank-cost":
            // Only the model's forward passes of one default-mode question (the question and its re-ranked candidates).
            var rerankCount = int.Parse(args[++i], CultureInfo.InvariantCulture);
            await InTempDataAsync("rerank-cost", data => RerankCost.RunAsync(SquadFolder(squad), rerankCount, data));
            return 0;
        // The child's arguments (the parent passes them).
        case "--child": child = args[++i]; break;
        case "--seeds": seeds = args[++i]; break;
        case "--data": data = args[++i]; break;
        case "--questions-file": questionsFile = args[++i]; break;
        case "--out": output = args[++i]; break;
        default:
            Console.Error.WriteLine("usage: Bot.ScaleBench [--sizes 1000,10000,100000] [--systems lexical,default,fts5,lucene] [--questions 300] [--warm-up 1] " +
                "[--default-max 10000] [--squad DIR] [--wordnet DIR] [--work DIR] [--json FILE] [--keep] [--reuse] | --vector-scan N | [--squad DIR] [--embed-batch B] [--embed-compare P] [--embed-model DIR] [--embed-int8] [--embed-int8-corpus] [--embed-separate] [--embed-concurrency C] --embed-rate N | [--squad DIR] --rerank-cost N | [--squad DIR] --question-drift N");
            return 2;
    }
}

if (child is not null)
{
    var all = await EvalQuestionLoader.LoadAsync(questionsFile!, CancellationToken.None);
    var asked = EvalRunner.Sample(all, questionCount);
    var warm = warmUp > 1 ? EvalRunner.Sample(all.Except(asked).ToList(), warmUp) : [asked[0]];
    var result = child switch
    {
        "lexical" or "default" => await BotSystem.RunAsync(child, seeds!, data!, asked, reuse, warm),
        "fts5" => Fts5Peer.Run(seeds!, data!, asked),
        "lucene" => LucenePeer.Run(seeds!, data!, asked),
        _ => throw new ArgumentException($"unknown system {child}"),
    };
    await File.WriteAllTextAsync(output!, JsonSerializer.Serialize(result));
    return 0;
}

squad = SquadFolder(squad);
work ??= Path.Combine(Path.GetTempPath(), "bot-scale-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
var filler = WordNetSentences.Load(wordnet);
Console.WriteLine($"filler: {filler.Count:N0} WordNet 3.0 gloss and example sentences ({wordnet}); questions: {questionCount} of {squad}/questions.jsonl");
Console.WriteLine($"machine: {Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}, load average {LoadAverage()}");

var results = new List<(int Size, SystemResult Result, bool Estimated)>();
foreach (var size in sizes)
{
    var corpus = Path.Combine(work, $"size-{size}");
    var corpusSeeds = Path.Combine(corpus, "seeds");
    if (reuse && Directory.Exists(corpusSeeds))
        Console.WriteLine($"corpus ~{size:N0} passages: reused {corpusSeeds} ({Timings.FolderBytes(corpusSeeds) / 1048576.0:F1} MiB)");
    else
    {
        if (Directory.Exists(corpus)) Directory.Delete(corpus, recursive: true);
        int fillerDocs = await ScaleCorpus.WriteAsync(corpusSeeds, Path.Combine(squad, "docs"), filler, size, seed);
        Console.WriteLine($"corpus ~{size:N0} passages: 8 squad-dev articles + {fillerDocs:N0} filler documents ({Timings.FolderBytes(corpusSeeds) / 1048576.0:F1} MiB)");
    }
    foreach (var system in systems)
    {
        if (system == "default" && size > defaultMax)
        {
            // Indexing with the model at this size takes hours on 2 cores: estimated from the largest measured size.
            var measured = results.Where(r => r.Result.System == "bot default" && !r.Estimated).MaxBy(r => r.Size);
            var lexical = results.FirstOrDefault(r => r.Size == size && r.Result.System == "bot lexical").Result;
            if (measured.Result is not null && lexical is not null)
            {
                var scan = VectorScan.Measure(lexical.Passages);
                double perPassage = measured.Result.IndexSeconds / measured.Result.Passages;
                results.Add((size, measured.Result with
                {
                    Documents = lexical.Documents,
                    Passages = lexical.Passages,
                    Sentences = lexical.Sentences,
                    IndexSeconds = perPassage * lexical.Passages,
                    IndexBytes = 0,
                    AskP50Ms = double.NaN,
                    AskP95Ms = double.NaN,
                    QuoteAt1 = double.NaN,
                    PeakMiB = double.NaN,
                    Note = $"not run (over --default-max {defaultMax}); index time estimated from {measured.Size:N0} per passage; " +
                        $"the per-question vector scan of {lexical.Passages:N0} passages (random 384-dim vectors) alone: " +
                        string.Create(CultureInfo.InvariantCulture, $"p50 {scan.P50:F1} / p95 {scan.P95:F1} ms (float32 scan of every row: p50 {scan.ExactP50:F1} / p95 {scan.ExactP95:F1} ms)"),
                }, true));
            }
            continue;
        }
        var childData = Path.Combine(corpus, "data-" + system);
        var outFile = Path.Combine(corpus, system + ".json");
        // The peers always build afresh (seconds); the bot reuses its index under --reuse (an incremental `bot index`).
        if (Directory.Exists(childData) && !(reuse && system is "lexical" or "default")) Directory.Delete(childData, recursive: true);
        var sw = Stopwatch.StartNew();
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(typeof(SystemResult).Assembly.Location);
        foreach (var a in new[] { "--child", system, "--seeds", corpusSeeds, "--data", childData, "--questions-file",
                     Path.Combine(squad, "questions.jsonl"), "--questions", questionCount.ToString(CultureInfo.InvariantCulture), "--out", outFile,
                     "--warm-up", warmUp.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        if (reuse) start.ArgumentList.Add("--reuse-child");
        using (var process = Process.Start(start)!)
        {
            await process.WaitForExitAsync();
            if (process.ExitCode != 0) throw new InvalidOperationException($"{system} at {size} failed with exit code {process.ExitCode}");
        }
        var result = JsonSerializer.Deserialize<SystemResult>(await File.ReadAllTextAsync(outFile))!;
        results.Add((size, result, false));
        Console.WriteLine($"  {result.System}: {sw.Elapsed.TotalSeconds:F0} s");
        if (!keep) Directory.Delete(childData, recursive: true);
    }
    if (!keep) Directory.Delete(corpus, recursive: true);
}

Console.WriteLine();
Console.WriteLine("| corpus | system | docs | passages | sentences | index s | index CPU s | index MiB | ask p50 ms | ask p95 ms | ask CPU ms | quote@1 | peak MiB |");
Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
foreach (var (size, r, estimated) in results)
{
    string N(double v, string f) => double.IsNaN(v) ? "—" : v.ToString(f, CultureInfo.InvariantCulture);
    Console.WriteLine($"| ~{size:N0} | {r.System} | {Count(r.Documents)} | {Count(r.Passages)} | {Count(r.Sentences)} | " +
        $"{(estimated ? "~" : "")}{r.IndexSeconds:F1}{(estimated ? " (est.)" : "")} | {(estimated ? "—" : r.IndexCpuSeconds.ToString("F1", CultureInfo.InvariantCulture))} | {(r.IndexBytes == 0 ? "—" : (r.IndexBytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture))} | " +
        $"{N(r.AskP50Ms, "F1")} | {N(r.AskP95Ms, "F1")} | {(estimated ? "—" : r.AskCpuMs.ToString("F1", CultureInfo.InvariantCulture))} | {N(r.QuoteAt1, "F3")} | {N(r.PeakMiB, "F0")} |");
}
foreach (var (size, r, _) in results.Where(r => r.Result.Note is not null))
    Console.WriteLine($"- ~{size:N0} {r.System}: {r.Note}");
if (json is not null)
{
    var rows = results.Select(r => new
    {
        corpus = r.Size, r.Result.System, r.Result.Documents, r.Result.Passages, r.Result.Sentences, r.Result.IndexSeconds, estimated = r.Estimated,
        r.Result.IndexCpuSeconds, r.Result.AskCpuMs,
        r.Result.IndexBytes, askP50Ms = Num(r.Result.AskP50Ms), askP95Ms = Num(r.Result.AskP95Ms), quoteAt1 = Num(r.Result.QuoteAt1),
        r.Result.Answerable, peakMiB = Num(r.Result.PeakMiB), r.Result.Note,
    });
    await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new { questions = questionCount, machine = new { Environment.ProcessorCount, dotnet = Environment.Version.ToString() }, results = rows },
        new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"JSON: {json}");
}
if (!keep && Directory.Exists(work)) Directory.Delete(work, recursive: true);
return 0;

static string Count(int n) => n == 0 ? "—" : n.ToString("N0", CultureInfo.InvariantCulture);
static double? Num(double v) => double.IsNaN(v) ? null : Math.Round(v, 3);
static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

// squad-dev: --squad DIR, else the first of the usual places.
static string SquadFolder(string? given) => Path.GetFullPath(given
    ?? new[] { "../shared/eval/squad-dev", "/work/shared/eval/squad-dev", "tests/data/squad-dev" }.FirstOrDefault(Directory.Exists)
    ?? throw new DirectoryNotFoundException("squad-dev not found; pass --squad DIR (holding docs/ and questions.jsonl)"));

// A bench of the packaged model alone, with a data folder (the unpacked model) of its own, deleted after.
static async Task InTempDataAsync(string name, Func<string, Task> run)
{
    var data = Path.Combine(Path.GetTempPath(), $"bot-{name}-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
    try
    {
        await run(data);
    }
    finally
    {
        if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
    }
}
