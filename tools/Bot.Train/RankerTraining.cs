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
    /// <param name="cvWithout">Features to leave out, one at a time, in a further leave-one-article-out estimate.</param>
    /// <param name="cvWeights">Weights of the second set's questions to compare in the leave-one-article-out estimate (empty: only the one trained with).</param>
    public static async Task<int> RunAsync(TrainingInput input, RankerFit fit, IReadOnlyList<string> drop, string outDir, bool rerank, IRankingModels models,
        bool crossValidate, string? dump, CancellationToken ct, IReadOnlyList<int>? cvWeights = null, IReadOnlyList<string>? cvWithout = null, string? rows = null)
    {
        var tuning = await input.LoadTuningAsync(ct);
        (List<string> Articles, List<EvalQuestion> Questions)? extra = input.Extra is { } x ? await x.LoadAsync(ct) : null;
        var sets = await RankerSets.GatherAsync(input, tuning, extra, rerank, models, drop, ct);
        var data = sets.Tuning;
        if (rows is not null) await WriteRowsAsync(rows, sets, ct);

        // Leave one article out: an honest estimate on the tuning half itself (and on each article of the second set).
        if (crossValidate)
        {
            var weights = cvWeights is { Count: > 0 } ? cvWeights : [sets.ExtraWeight];
            foreach (var weight in sets.Extra is null ? weights.Take(1) : weights) CrossValidate(sets, fit, weight);
            foreach (var name in cvWithout ?? [])
            {
                Console.WriteLine($"without {name}:");
                CrossValidate(sets.Without(name), fit, sets.ExtraWeight);
            }
        }
        string also = sets.Extra is null || sets.ExtraWeight == 0 ? ""
            : $" and the answerable questions of {string.Join(", ", sets.ExtraArticles)} (each counted {sets.ExtraWeight} times)";
        var ranker = fit.Fit(sets.Train(),
            $"listwise logistic ranker refined for top-1 by coordinate ascent; trained by tools/Bot.Train on the squad-dev tuning half ({string.Join(", ", tuning.Tuning)}){also}");
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

    /// <summary>
    /// Leave one article out with the second set's questions counted <paramref name="weight"/> times: the tuning half's
    /// mean top-1 over its articles (as before there was a second set) and the second set's top-1 over all its answerable
    /// questions (a question without a gold candidate counts as a miss), by kind.
    /// </summary>
    private static void CrossValidate(RankerSets sets, RankerFit fit, int weight)
    {
        var data = sets.Tuning;
        if (sets.Extra is not null) Console.WriteLine($"second set's questions counted {weight} times:");
        double cvSum = 0;
        var extraHits = new List<(string? Kind, bool Hit)>();
        foreach (var (held, m) in sets.FoldRankers(fit, weight))
        {
            if (sets.TuningArticles.Contains(held))
            {
                var heldGroups = data.Groups.Where(g => g.Doc == held).ToList();
                double acc = RankerData.Top1(m, heldGroups);
                cvSum += acc;
                Console.WriteLine($"  held out {held}: top-1 {acc:F3} (hand scorer {RankerData.Top1(null, heldGroups):F3})");
                continue;
            }
            var extra = sets.Extra!;
            for (int i = 0; i < extra.Groups.Count; i++)
                if (extra.Groups[i].Doc == held) extraHits.Add((extra.Sets[i].Question.Kind, RankerData.Top1(m, [extra.Groups[i]]) > 0));
        }
        Console.WriteLine($"ranker leave-one-article-out top-1 on answerable tuning questions: {cvSum / sets.TuningArticles.Count:F3} (hand {RankerData.Top1(null, data.Groups):F3})");
        if (extraHits.Count == 0) return;
        Console.WriteLine($"  second set, leave one article out: top-1 {extraHits.Count(h => h.Hit) / (double)extraHits.Count:F3} of {extraHits.Count} " +
            $"(hand {RankerData.Top1(null, sets.Extra!.Groups):F3}); " +
            string.Join(", ", extraHits.GroupBy(h => h.Kind ?? "-").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count(h => h.Hit) / (double)g.Count():F3}")));
    }

    /// <summary>The ranker file of the set being trained: the second stage, the vector ranker or the lexical one.</summary>
    public static string FileName(TrainingInput input, bool rerank) =>
        rerank ? RankingModelFiles.TokenReranker : input.UsesVectors ? RankingModelFiles.VectorRanker : RankingModelFiles.Ranker;

    /// <summary>
    /// Every answerable question's candidates, one line each (tab-separated: set, article, question id, kind, gold, then
    /// the ranker features in <see cref="CandidateFeature.Set"/> order), for fitting other ranker kinds outside the trainer.
    /// </summary>
    private static async Task WriteRowsAsync(string path, RankerSets sets, CancellationToken ct)
    {
        await using var w = new StreamWriter(path);
        await w.WriteLineAsync($"set\tdoc\tqid\tkind\tgold\t{string.Join('\t', CandidateFeature.Set.Names)}".AsMemory(), ct);
        foreach (var (name, data) in new[] { ("tuning", sets.Tuning), ("extra", sets.Extra) })
        {
            if (data is null) continue;
            for (int i = 0; i < data.Sets.Count; i++)
            {
                var q = data.Sets[i].Question;
                var g = data.Groups[i].Group;
                for (int c = 0; c < g.X.Length; c++)
                    await w.WriteLineAsync($"{name}\t{q.Doc}\t{q.Id}\t{q.Kind ?? "-"}\t{(g.Positive[c] ? 1 : 0)}\t{string.Join('\t', g.X[c].Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}".AsMemory(), ct);
            }
        }
        Console.WriteLine($"wrote {path}");
    }

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
