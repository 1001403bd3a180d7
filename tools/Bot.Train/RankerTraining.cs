using Bot.Core.Answering.Ranking;
using Bot.Core.Evaluation;

namespace Bot.Train;

/// <summary>
/// `ranker`: fits the sentence ranker on the answerable tuning questions' candidates and writes it (ranker.json, or
/// ranker-vectors.json with an embedding model, or reranker-tokens.json for the second stage).
/// </summary>
internal static class RankerTraining
{
    /// <param name="models">The first stage, when <paramref name="rerank"/>.</param>
    /// <param name="crossValidate">Whether to print the leave-one-article-out estimate first.</param>
    /// <param name="dump">A file for the tuning questions the final ranker gets wrong, or null.</param>
    public static async Task<int> RunAsync(TrainingInput input, RankerFit fit, IReadOnlyList<string> drop, string outDir, bool rerank, IRankingModels models,
        bool crossValidate, string? dump, CancellationToken ct)
    {
        var (tuning, questions) = await input.LoadTuningAsync(ct);
        var data = await RankerData.GatherAsync(input, tuning, questions, rerank, models, drop, ct);

        // Leave one article out: an honest estimate on the tuning half itself.
        if (crossValidate)
        {
            double cvSum = 0;
            fit.FoldRankers(data, tuning, (held, m) =>
            {
                var heldGroups = data.Groups.Where(g => g.Doc == held).ToList();
                double acc = RankerData.Top1(m, heldGroups);
                cvSum += acc;
                Console.WriteLine($"  held out {held}: top-1 {acc:F3} (hand scorer {RankerData.Top1(null, heldGroups):F3})");
            });
            Console.WriteLine($"ranker leave-one-article-out top-1 on answerable tuning questions: {cvSum / tuning.Count:F3} (hand {RankerData.Top1(null, data.Groups):F3})");
        }
        var ranker = fit.Fit(data.Trainable.Select(g => g.Group).ToList(),
            $"listwise logistic ranker refined for top-1 by coordinate ascent; trained by tools/Bot.Train on the squad-dev tuning half ({string.Join(", ", tuning)})");
        Console.WriteLine($"ranker top-1 (training fit): {RankerData.Top1(ranker, data.Groups):F3}");
        if (dump is not null) await DumpMistakesAsync(dump, data, ranker, ct);

        Directory.CreateDirectory(outDir);
        // The vector set records which model's cosines it learned, so the answerer uses it with that model only.
        if (input.UsesVectors) ranker = ranker with { EmbeddingModel = data.EmbeddingModel };
        var file = Path.Combine(outDir, FileName(input, rerank));
        await File.WriteAllTextAsync(file, ranker.ToJson() + "\n", ct);
        Console.WriteLine($"wrote {file}");
        return 0;
    }

    /// <summary>The ranker file of the set being trained: the second stage, the vector ranker or the lexical one.</summary>
    public static string FileName(TrainingInput input, bool rerank) =>
        rerank ? RankingModelFiles.TokenReranker : input.UsesVectors ? RankingModelFiles.VectorRanker : RankingModelFiles.Ranker;

    private static async Task DumpMistakesAsync(string path, RankerData data, LinearModel ranker, CancellationToken ct)
    {
        await using var w = new StreamWriter(path);
        foreach (var (q, set) in data.Sets)
        {
            var scores = set.Features.Select(f => ranker.Score(f)).ToArray();
            var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ToList();
            var pos = set.Sentences.Select(s => s.Path == q.Doc && GoldAnswers.ContainsAny(s.Text, q.Answers)).ToArray();
            if (pos[order[0]]) continue;
            int rank = order.FindIndex(i => pos[i]);
            await w.WriteLineAsync($"Q: {q.Question}  [{set.Analysis.Type}] gold: {string.Join(" | ", q.Answers)}  rank of first gold: {rank + 1}".AsMemory(), ct);
            await w.WriteLineAsync($"  TOP: {set.Sentences[order[0]].Text}".AsMemory(), ct);
            if (rank >= 0) await w.WriteLineAsync($"  GOLD: {set.Sentences[order[rank]].Text}".AsMemory(), ct);
        }
    }
}
