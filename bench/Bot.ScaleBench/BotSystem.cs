using System.Diagnostics;
using Bot.Core.DependencyInjection;
using Bot.Core.Evaluation;
using Bot.Core.Indexing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.ScaleBench;

/// <summary>
/// The bot in-process: a full `bot index` of the seeds (<see cref="SeedIndexer"/>, text then every vector), then every
/// question through the answerer `bot ask` uses (<see cref="EvalRunner.AskAllAsync"/>, one reader per question).
/// </summary>
internal static class BotSystem
{
    public static async Task<SystemResult> RunAsync(string system, string seeds, string data, IReadOnlyList<EvalQuestion> questions, bool reuse = false,
        IReadOnlyList<EvalQuestion>? warmUp = null)
    {
        var settings = new Dictionary<string, string?> { ["Bot:SeedsPath"] = seeds, ["Bot:DataPath"] = data };
        // As `bot` runs (src/Bot.Cli/appsettings.json): the packaged all-MiniLM-L6-v2, or no model for the lexical mode.
        settings["Bot:Embeddings:Provider"] = system == "lexical" ? "none" : "onnx";
        if (system != "lexical") settings["Bot:Embeddings:ModelName"] = "all-MiniLM-L6-v2";
        // Bot__Embeddings__IndexConcurrency=N and the like from the environment win (how a setting's effect is measured).
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).AddEnvironmentVariables().Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBotCore(configuration);
        await using var provider = services.BuildServiceProvider();

        var sw = Stopwatch.StartNew();
        double cpu = Timings.CpuSeconds();
        var gc = GcMark.Now();
        var report = await provider.GetRequiredService<SeedIndexer>().IndexAsync(full: !(reuse && File.Exists(Path.Combine(data, "index.db"))), null, CancellationToken.None);
        double indexSeconds = sw.Elapsed.TotalSeconds, indexCpu = Timings.CpuSeconds() - cpu;
        var indexGc = GcMark.Now() - gc;

        // Warm-up (untimed): by default one question (loads the model and the vector matrix, as the first question of
        // `bot chat` does); with --warm-up N, N other questions, so the JIT's tiers have settled as in a long-running bot.
        await EvalRunner.AskAllAsync(provider, warmUp ?? [questions[0]], "warm-up", null, CancellationToken.None);
        cpu = Timings.CpuSeconds();
        var outcomes = await EvalRunner.AskAllAsync(provider, questions, "asking", null, CancellationToken.None);
        double askCpu = (Timings.CpuSeconds() - cpu) * 1000 / questions.Count;
        var times = outcomes.Select(o => o.Milliseconds).ToList();
        var answerable = outcomes.Where(o => o.Question.Answerable).ToList();

        var db = Path.Combine(data, "index.db");
        var (documents, passages, sentences, vectors) = Counts(db);
        SqliteConnection.ClearAllPools();
        long bytes = new[] { "", "-wal", "-shm" }.Select(s => db + s).Where(File.Exists).Sum(f => new FileInfo(f).Length);
        var note = system == "lexical" ? null : $"{vectors} passage vectors; {report.PassagesEmbedded} passages + {report.SentencesEmbedded} sentences embedded";
        return new SystemResult("bot " + system, documents, passages, sentences, indexSeconds, bytes,
            Timings.Percentile(times, 50), Timings.Percentile(times, 95),
            (double)answerable.Count(o => o.QuoteCorrect) / Math.Max(1, answerable.Count), answerable.Count, Timings.PeakMiB(), note)
        {
            IndexCpuSeconds = indexCpu, AskCpuMs = askCpu, IndexGcCounts = $"{indexGc.Gen0}/{indexGc.Gen1}/{indexGc.Gen2}",
            IndexGcPauseSeconds = indexGc.Pause.TotalSeconds, IndexAllocatedMiB = Math.Round(indexGc.Allocated / 1048576.0, 1),
        };
    }

    private static (int, int, int, int) Counts(string db)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=false");
        c.Open();
        // The store's WAL folded into the file, so its size is the index's.
        int Scalar(string sql)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        var result = (Scalar("SELECT count(*) FROM documents"), Scalar("SELECT count(*) FROM passages"), Scalar("SELECT count(*) FROM sentences"),
            Scalar("SELECT count(*) FROM passage_vectors"));
        Scalar("PRAGMA wal_checkpoint(TRUNCATE)");
        return result;
    }
}
