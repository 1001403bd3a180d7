using System.Diagnostics;
using System.Globalization;
using Bot.Core.Embeddings;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.ScaleBench;

/// <summary>
/// `--embed-rate N`: texts per second (wall) and per CPU-second of the packaged all-MiniLM-L6-v2 over N distinct passages
/// and sentences of the squad-dev articles, taken in hash order (the order the indexer pages through what is pending),
/// sorted by length within windows of 64 texts (the indexer before) or 1,024 (now), in model batches of 8
/// (`--embed-batch B` before `--embed-rate` for another size).
/// </summary>
internal static class EmbeddingRate
{
    public static async Task RunAsync(string squadDocs, int count, string data, int? batchSize = null)
    {
        var texts = new List<(string Hash, string Text)>();
        foreach (var (_, chunked) in await PackagedModel.ChunkFolderAsync(squadDocs))
            texts.AddRange(chunked.Passages.Select(p => (p.Hash, p.Text)).Concat(chunked.Sentences.Select(s => (s.Hash, s.Text))));
        var sample = texts.DistinctBy(t => t.Hash).OrderBy(t => t.Hash, StringComparer.Ordinal).Take(count).Select(t => t.Text).ToList();
        Console.WriteLine($"{sample.Count} texts (passages and sentences), mean {sample.Average(t => t.Length):F0} characters");

        await using var provider = PackagedModel.Services(data, batchSize);
        var setup = provider.GetRequiredService<EmbeddingSetupProvider>().Setup!;
        await setup.EmbedPassagesAsync(sample.Take(16).ToList()); // warm-up
        foreach (var window in new[] { 64, 1024, 64, 1024 })
        {
            var sw = Stopwatch.StartNew();
            double cpu = Timings.CpuSeconds();
            foreach (var part in sample.Chunk(window)) await setup.EmbedPassagesAsync(part);
            double wall = sw.Elapsed.TotalSeconds, used = Timings.CpuSeconds() - cpu;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"length-sorted window {window,5}: {sample.Count / wall:F0} texts/s wall, {sample.Count / used:F0} texts per CPU-second ({wall:F1} s, {used:F1} s CPU)"));
        }
    }
}
