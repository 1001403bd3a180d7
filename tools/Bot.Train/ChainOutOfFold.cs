using System.Globalization;
using Bot.Core.Answering.Ranking;

namespace Bot.Train;

/// <summary>
/// The whole chain held out one article at a time: the ranker refitted without the article's questions (tuning and
/// second set alike, the second set's counted as the shipped ranker counts them), every abstainer row re-scored by it,
/// and the trees refitted on the rows of the other articles; the article's rows are then scored by that pair. This is
/// what the figures of a ranker that also learns the second set must come from (the abstainer-only check would score
/// the held-out article with a ranker that learned it). The first stage of a re-ranker is not refitted: it must not
/// learn the second set (see the models' README).
/// </summary>
internal static class ChainOutOfFold
{
    public static async Task RunAsync(AbstainerRows rows, RankerSets sets, RankerFit fit, AbstainerSettings settings, string prefix, CancellationToken ct)
    {
        int rounds = settings.TreeRounds > 0 ? settings.TreeRounds : 200;
        var oof = new double[rows.Count];
        var tops = new string[rows.Count];
        // "" holds the questions about no article (general off-topic): held out together like an article, else they
        // would never be scored out of fold.
        var articles = sets.Articles.Append("").ToList();
        var fulls = new List<double>[articles.Count];
        // Each held-out article's refit is independent and writes only its own rows: run them side by side.
        Parallel.For(0, articles.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, a =>
        {
            var held = articles[a];
            var ranker = fit.Fit(sets.Train(held), "chain");
            var cache = new Dictionary<CandidateSet, (double[] Row, string Top)>(ReferenceEqualityComparer.Instance);
            (double[] Row, string Top) RowOf(CandidateSet set)
            {
                if (!cache.TryGetValue(set, out var r)) cache[set] = r = AbstainerTraining.Row(set, ranker);
                return r;
            }
            var train = Enumerable.Range(0, rows.Count).Where(i => rows.Doc[i] != held).ToList();
            var trees = BoostedTrainer.Train(train.Select(i => RowOf(rows.Sets[i]).Row).ToList(), train.Select(i => rows.Labels[i]).ToList(),
                AbstentionFeature.Set, rounds, settings.TreeRate, 1, 20, "chain");
            foreach (var i in Enumerable.Range(0, rows.Count).Where(i => rows.Doc[i] == held))
            {
                var (row, top) = RowOf(rows.Sets[i]);
                (oof[i], tops[i]) = (trees.Probability(row), top);
            }
            fulls[a] = sets.Sets.Where(q => q.Question.Doc == held).Select(q => trees.Probability(RowOf(q.Set).Row)).ToList();
            Console.WriteLine($"  chain without {held}: ranker and {rounds} trees refitted");
        });
        var full = fulls.SelectMany(f => f).ToList();
        var positives = full.Order().ToList();
        double t = settings.ThresholdOf(positives);
        var figure = Enumerable.Range(0, rows.Count).Where(i => rows.IsFigureRun(i, sets.TuningArticles.Count)).ToList();
        var pos = figure.Where(i => rows.Labels[i]).ToList();
        var neg = figure.Where(i => !rows.Labels[i]).ToList();
        Console.WriteLine($"  whole chain leave-one-article-out (threshold {t:F4}): lost {pos.Count(i => oof[i] < t) / (double)Math.Max(1, pos.Count):F3} of {pos.Count} answerable, " +
            $"abstained {neg.Count(i => oof[i] < t) / (double)Math.Max(1, neg.Count):F3} of {neg.Count} out of corpus");
        // Same format as the abstainer-only dump (news_oof.py reads either): the best sentence is the held-out ranker's.
        await File.WriteAllLinesAsync($"{prefix}.chain.tsv", figure.Select(i =>
            $"{(rows.Labels[i] ? 1 : 0)}\t{oof[i].ToString("R", CultureInfo.InvariantCulture)}\t{t.ToString("R", CultureInfo.InvariantCulture)}\t{rows.Doc[i]}\t" +
            $"{Question(rows.Described[i])} => {tops[i]}".Replace('\t', ' ')), ct);
    }

    private static string Question(string described) => described[..Math.Max(0, described.IndexOf(" => ", StringComparison.Ordinal))];
}
