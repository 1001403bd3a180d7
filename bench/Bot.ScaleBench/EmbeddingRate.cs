using System.Diagnostics;
using System.Globalization;
using Bot.Core.Chunking;
using Bot.Core.Embeddings;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.ScaleBench;

/// <summary>
/// `--embed-rate N`: texts per second (wall) and per CPU-second of the packaged all-MiniLM-L6-v2 over about N texts of
/// the squad-dev articles: distinct passages taken in hash order (the order the indexer pages through what is pending)
/// with their sentences, until passages + distinct sentences reach N. Two ways, alternating, twice each:
/// separate (every passage and sentence its own forward pass, sorted by length within windows of 1,024 texts, as the
/// indexer's separate mode) and derived (each passage once, its sentences pooled from its token outputs:
/// <c>Bot:Embeddings:SentenceVectors=Derived</c>; calls of 64 passages sorted by length, as the indexer's derived
/// mode). Model batches of 8 (`--embed-batch B` before `--embed-rate` for another size). Both count the same vectors.
/// `--embed-compare P` before `--embed-rate` prints instead the cosines of derived to separate sentence vectors (and,
/// with `--embed-int8` or `--embed-model DIR`, of that model's separate vectors to the packaged model's).
/// `--embed-int8` runs the packaged model with int8 weights (<c>Bot:Embeddings:Quantization=Int8</c>).
/// `--embed-int8-corpus` sets <c>Bot:Embeddings:Quantization=Int8Corpus</c> (the corpus's texts, all this bench embeds, run the int8 copy).
/// `--embed-separate` times only the separate way (twice).
/// Two sessions over one fresh data folder, each timed and labelled: the first unpacks the model and writes ONNX
/// Runtime's optimised-graph cache (its weights in the process, prepacked there), the second is a warm start, as every
/// later run: it loads that cache, its weights memory-mapped from the side file (<c>OptimizedModelCache</c>).
/// </summary>
internal static class EmbeddingRate
{
    public static async Task RunAsync(string squadDocs, int count, string data, int? batchSize = null, int? compare = null, string? modelPath = null, bool int8 = false, int concurrency = 1, bool separateOnly = false, string? quantization = null)
    {
        var passages = new List<SpannedText>();
        var texts = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var all = (await PackagedModel.ChunkFolderAsync(squadDocs))
            .SelectMany(d => d.Chunked.Passages.Select(p => (Passage: p, Sentences: d.Chunked.Sentences.Skip(p.FirstSentence).Take(p.LastSentence - p.FirstSentence + 1).ToList())))
            .DistinctBy(x => x.Passage.Hash).OrderBy(x => x.Passage.Hash, StringComparer.Ordinal);
        foreach (var (passage, sentences) in all)
        {
            if (texts.Count >= count) break;
            passages.Add(new SpannedText(passage.Text, sentences.Select(s => (s.Start - passage.Start, s.End - passage.Start)).ToList()));
            if (seen.Add(passage.Hash)) texts.Add(passage.Text);
            foreach (var s in sentences.Where(s => seen.Add(s.Hash))) texts.Add(s.Text);
        }
        Console.WriteLine($"{texts.Count} texts: {passages.Count} passages and {texts.Count - passages.Count} distinct sentences of them, mean {texts.Average(t => t.Length):F0} characters");

        foreach (var session in new[] { "first session (writes the model cache)", "warm session (reads the cache)" })
        {
            await using var provider = PackagedModel.Services(data, batchSize, modelPath, int8, quantization);
            var setup = provider.GetRequiredService<EmbeddingSetupProvider>().Setup!;
            await setup.EmbedPassagesAsync(texts.Take(16).ToList()); // warm-up
            await setup.EmbedPassagesWithSentencesAsync(passages.Take(4).ToList());
            if (compare is { } compared)
            {
                await CompareAsync(setup, passages, compared, data, batchSize, modelPath, int8);
                return;
            }

            Console.WriteLine(session + ":");
            await TimeAsync(setup, texts, passages, concurrency, separateOnly);
        }
    }

    /// <summary>
    /// `--embed-compare P`: how close the derived sentence vectors of the first P passages are to their separate ones
    /// (what the shipped rankers were trained on), instead of the rates.
    /// </summary>
    private static async Task CompareAsync(EmbeddingSetup setup, List<SpannedText> passages, int compared, string data, int? batchSize, string? modelPath, bool int8)
    {
        var some = passages.Take(compared).ToList();
        var made = await setup.EmbedPassagesWithSentencesAsync(some);
        var spansText = some.SelectMany(p => p.Spans.Select(s => p.Text[s.Start..s.End])).ToList();
        var alone = await setup.EmbedPassagesAsync(spansText);
        Console.WriteLine($"derived vs separate sentence vectors over {spansText.Count} sentences: {Cosines(made.SelectMany(m => m.Spans), alone)}");
        if (modelPath is not null || int8)
        {
            // `--embed-model DIR` or `--embed-int8`: its separate vectors against the packaged model's.
            await using var packaged = PackagedModel.Services(data + "-packaged", batchSize);
            var reference = packaged.GetRequiredService<EmbeddingSetupProvider>().Setup!;
            var name = int8 ? "int8 weights" : modelPath;
            Console.WriteLine($"{name} vs the packaged model, separate sentence vectors: {Cosines(alone, await reference.EmbedPassagesAsync(spansText))}");
            var passageTexts = some.Select(p => p.Text).ToList();
            Console.WriteLine($"{name} vs the packaged model, passage vectors: {Cosines(await setup.EmbedPassagesAsync(passageTexts), await reference.EmbedPassagesAsync(passageTexts))}");
        }
    }

    /// <summary>The separate and derived ways, alternating, twice each (or the separate way twice), one line each.</summary>
    private static async Task TimeAsync(EmbeddingSetup setup, List<string> texts, List<SpannedText> passages, int concurrency, bool separateOnly)
    {
        bool[] passes = separateOnly ? [false, false] : [false, true, false, true];
        foreach (var derived in passes)
        {
            var sw = Stopwatch.StartNew();
            double cpu = Timings.CpuSeconds();
            var threadsBefore = Timings.CpuByThreadName().ToDictionary(t => t.Name, t => t.Seconds);
            if (derived)
            {
                foreach (var window in passages.Chunk(1024))
                {
                    foreach (var part in window.OrderBy(p => p.Text.Length).Chunk(64)) await setup.EmbedPassagesWithSentencesAsync(part);
                }
            }
            else
            {
                // As the indexer: windows of 1,024 sorted by length, calls of 64, `--embed-concurrency C` of them at once.
                foreach (var part in texts.Chunk(1024))
                {
                    await Parallel.ForEachAsync(part.OrderBy(t => t.Length).Chunk(64), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
                        async (call, ct) => await setup.EmbedPassagesAsync(call, null, ct));
                }
            }
            double wall = sw.Elapsed.TotalSeconds, used = Timings.CpuSeconds() - cpu;
            var threads = Timings.CpuByThreadName().Select(t => (t.Name, t.Threads, Seconds: t.Seconds - threadsBefore.GetValueOrDefault(t.Name)))
                .OrderByDescending(t => t.Seconds).Take(5);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(derived ? "derived sentence vectors " : $"separate sentence vectors, {concurrency} call(s) at once")}: {texts.Count / wall:F0} texts/s wall, {texts.Count / used:F0} texts per CPU-second ({wall:F1} s, {used:F1} s CPU, {used / wall:F2} cores busy); " +
                $"CPU by thread name: {string.Join(", ", threads.Select(t => $"{t.Name} ×{t.Threads} {t.Seconds:F1} s"))}"));
        }
    }

    /// <summary>The cosines of paired (unit) vectors: their mean, 10th percentile and minimum.</summary>
    private static string Cosines(IEnumerable<float[]> vectors, IEnumerable<float[]> others)
    {
        var cosines = vectors.Zip(others, (a, b) => (double)System.Numerics.Tensors.TensorPrimitives.Dot<float>(a, b)).Order().ToList();
        return string.Create(CultureInfo.InvariantCulture, $"cosine mean {cosines.Average():F4}, p10 {cosines[cosines.Count / 10]:F4}, min {cosines[0]:F4}");
    }
}
