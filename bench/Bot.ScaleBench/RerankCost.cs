using System.Diagnostics;
using System.Globalization;
using Bot.Core.Embeddings;
using Bot.Core.Evaluation;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.ScaleBench;

/// <summary>
/// `--rerank-cost N`: the packaged model's forward passes of one default-mode question, over N squad-dev questions, each
/// with 10 sentences of its own article (as the token re-ranker's candidates; none cached): CPU ms and wall ms a question
/// for the question's pooled vector alone and with its token vectors from the same run, and its 10 candidates' (or the
/// best 5's) token vectors in length buckets or one text a run, with ONNX Runtime's default threads and with one thread.
/// </summary>
internal static class RerankCost
{
    public static async Task RunAsync(string squad, int count, string data)
    {
        var byDoc = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, chunked) in await PackagedModel.ChunkFolderAsync(Path.Combine(squad, "docs")))
            byDoc[name] = chunked.Sentences.Select(s => s.Text).Distinct(StringComparer.Ordinal).ToList();
        var questions = EvalRunner.Sample(await EvalQuestionLoader.LoadAsync(Path.Combine(squad, "questions.jsonl"), CancellationToken.None), count);
        var random = new Random(18);
        var sets = questions.Select(q =>
        {
            var pool = byDoc.TryGetValue(q.Doc, out var s) ? s : byDoc.Values.First();
            return (q.Question, Candidates: Enumerable.Range(0, 10).Select(_ => pool[random.Next(pool.Count)]).ToArray());
        }).ToList();
        Console.WriteLine($"{sets.Count} questions × 10 candidates, mean candidate {sets.SelectMany(s => s.Candidates).Average(t => t.Length):F0} characters");

        string folder;
        await using (var provider = PackagedModel.Services(data))
        {
            var setup = provider.GetRequiredService<EmbeddingSetupProvider>().Setup!;
            await setup.EmbedQueryAsync("unpack"); // unpacks the model
            folder = Path.Combine(data, "models", "all-MiniLM-L6-v2");
        }

        foreach (var threads in new int?[] { null, 1 })
        {
            using var batch8 = new OnnxEmbeddingGenerator(folder, new OnnxEmbeddingGeneratorOptions { IntraOpThreads = threads });
            using var single = new OnnxEmbeddingGenerator(folder, new OnnxEmbeddingGeneratorOptions { IntraOpThreads = threads, BatchSize = 1 });
            var label = threads is { } t ? $"{t} thread" : "default threads";
            await Measure(label, "question pooled", sets, s => batch8.GenerateAsync([s.Question]));
            await Measure(label, "question pooled + tokens", sets, s => single.GenerateWithTokensAsync(s.Question));
            await Measure(label, "10 candidates, buckets", sets, s => batch8.GenerateTokenVectorsAsync(s.Candidates));
            await Measure(label, "5 candidates, buckets", sets, s => batch8.GenerateTokenVectorsAsync(s.Candidates[..5]));
            await Measure(label, "10 candidates, one a run", sets, s => single.GenerateTokenVectorsAsync(s.Candidates));
        }
    }

    private static async Task Measure<T>(string threads, string what, List<(string Question, string[] Candidates)> sets, Func<(string Question, string[] Candidates), Task<T>> run)
    {
        await run(sets[0]);
        var wall = new List<double>();
        double cpu = Timings.CpuSeconds();
        foreach (var s in sets)
        {
            var sw = Stopwatch.StartNew();
            await run(s);
            wall.Add(sw.Elapsed.TotalMilliseconds);
        }
        double used = (Timings.CpuSeconds() - cpu) * 1000 / sets.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{threads,-16} {what,-30} CPU {used,6:F1} ms a question; wall p50 {Timings.Percentile(wall, 50),6:F1} / p95 {Timings.Percentile(wall, 95),6:F1} ms"));
    }
}
