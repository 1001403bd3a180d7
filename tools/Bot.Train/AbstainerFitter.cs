using System.Globalization;
using Bot.Core.Answering.Ranking;

namespace Bot.Train;

/// <summary>Fits and reports the abstainers over a set of training rows (the numbers behind `abstainer`).</summary>
/// <param name="extraArticles">The second set's articles: held out one at a time like the tuning articles.</param>
/// <param name="extraFolds">The second set's questions' folds (<see cref="ExtraCorpus.Folds"/>), for <see cref="AbstainerSettings.ThresholdFolds"/>.</param>
internal sealed class AbstainerFitter(AbstainerRows rows, IReadOnlyList<string> tuning, List<(string Doc, double[] Row)> fullRows, AbstainerSettings settings, string? oofPrefix,
    IReadOnlyList<string>? extraArticles = null, IReadOnlyDictionary<Bot.Core.Evaluation.EvalQuestion, string>? extraFolds = null)
{
    /// <summary>The article whose fold row <paramref name="i"/> belongs to (its question's; a general question's assigned one).</summary>
    private string FoldOf(int i) => extraFolds is not null && extraFolds.TryGetValue(rows.Questions[i], out var fold) ? fold : rows.Doc[i];

    private IEnumerable<string> Articles => tuning.Concat(extraArticles ?? []);

    private bool FigureRow(int i) => rows.IsFigureRun(i, tuning.Count);

    /// <summary>Whether row <paramref name="i"/>'s probability counts toward a threshold (<see cref="AbstainerSettings.ThresholdFirstSet"/>).</summary>
    private bool ThresholdRow(int i) => FigureRow(i) && (!settings.ThresholdFirstSet || rows.Run[i] < AbstainerRows.ExtraRunBase);

    private string ThresholdQuestions => settings.ThresholdFirstSet ? "answerable first-set tuning questions" : "answerable tuning questions";

    private static FeatureSet Features => AbstentionFeature.Set;

    /// <summary>Cross-check: train on two of the leave-one-out runs, test on the other two (also with each of <paramref name="treeRounds"/>).</summary>
    public void CrossCheck(IReadOnlyList<int> treeRounds)
    {
        for (int h = 0; h < 2; h++)
        {
            var train = Enumerable.Range(0, rows.Count).Where(i => rows.Fold[i] != h).ToList();
            var test = Enumerable.Range(0, rows.Count).Where(i => rows.Fold[i] == h);
            var m = LogisticTrainer.TrainClassifier(Select(train), Labels(train), Features, 0.001, 400, "cv");
            Report($"abstainer trained without runs {h}, {h + 2}, tested on them", x => m.Probability(x), Threshold(x => m.Probability(x), train), test);
            foreach (var rounds in treeRounds)
            {
                var bt = FitTrees(Select(train), Labels(train), rounds, "cv");
                Report($"  trees ({rounds} rounds) without runs {h}, {h + 2}", x => bt.Probability(x), Threshold(x => bt.Probability(x), train), test);
            }
        }
    }

    /// <summary>The linear abstainer on every row; its threshold from the leave-one-article-out runs' answerable rows.</summary>
    public LinearModel Linear()
    {
        var abstainer = LogisticTrainer.TrainClassifier(rows.Rows, rows.Labels, Features, 0.001, 400,
            $"abstention classifier (answerable in corpus vs out of corpus); threshold loses {settings.LostTarget:P1} of {ThresholdQuestions}");
        abstainer = abstainer with { Threshold = Math.Round(Threshold(x => abstainer.Probability(x), Enumerable.Range(0, rows.Count).Where(ThresholdRow)), 4) };
        Report("abstainer (training fit)", x => abstainer.Probability(x), abstainer.Threshold, Enumerable.Range(0, rows.Count));
        return abstainer;
    }

    /// <summary>
    /// Leave one tuning article out, i.e. drop every row of that article's questions (answerable ones in the other runs,
    /// out-of-corpus ones in its own run), score them, and report at the threshold losing the target share of the
    /// answerable tuning questions asked of the whole tuning index (scored by the same held-out models): the linear
    /// abstainer, trees of each of <paramref name="treeSweep"/> rounds, the blend, and the trees to be written.
    /// </summary>
    public void LeaveOneArticleOut(IReadOnlyList<int> treeSweep, bool blend)
    {
        OutOfFold(train =>
        {
            var m = LogisticTrainer.TrainClassifier(Select(train), Labels(train), Features, 0.001, 400, "oof");
            return x => m.Probability(x);
        }, "linear abstainer");
        foreach (var r in treeSweep) OutOfFold(train => TreesProbability(train, r), $"trees ({r} rounds)");
        if (blend)
            OutOfFold(train =>
            {
                var lin = LogisticTrainer.TrainClassifier(Select(train), Labels(train), Features, 0.001, 400, "oof");
                var bt = TreesOn(train, 200);
                return x => 0.5 * (lin.Score(x) + bt.Score(x));
            }, "blend (linear + 200 trees)");
        if (settings.TreeRounds > 0) OutOfFold(train => TreesProbability(train, settings.TreeRounds), $"trees ({settings.TreeRounds} rounds)");
    }

    /// <summary>
    /// The trees to ship. Their threshold: out-of-fold over the leave-one-article-out runs (one run held out at a time).
    /// On the whole tuning index it loses 4.0 % of the tuning answerable questions (target 5 %); the stricter
    /// leave-one-article-out models are weaker than the final one (three articles instead of four) and give a threshold
    /// that loses only 1.8 %.
    /// </summary>
    public BoostedTrees Trees()
    {
        int rounds = settings.TreeRounds;
        var oof = new double[rows.Count];
        // Held out together: one article's questions (every run's rows of them), or one run's rows.
        bool ByArticle(int i) => settings.ThresholdFolds == "article" || settings.ThresholdFolds == "also-article" && rows.Run[i] >= AbstainerRows.ExtraRunBase;
        var byArticle = Enumerable.Range(0, rows.Count).Where(ByArticle).GroupBy(FoldOf).Select(g => g.ToList());
        var byRun = rows.Run.Where(r => r < rows.HeldOut.Count || r >= AbstainerRows.ExtraRunBase).Distinct()
            .Select(h => Enumerable.Range(0, rows.Count).Where(i => rows.Run[i] == h && !ByArticle(i)).ToList()).Where(g => g.Count > 0);
        var groups = byArticle.Concat(byRun).ToList();
        foreach (var held in groups)
        {
            var heldSet = held.ToHashSet();
            var m = TreesOn(Enumerable.Range(0, rows.Count).Where(i => !heldSet.Contains(i)).ToList(), rounds);
            foreach (var i in held) oof[i] = m.Probability(rows.Rows[i]);
        }
        var oofPositives = Enumerable.Range(0, rows.Count).Where(i => rows.Labels[i] && ThresholdRow(i)).Select(i => oof[i]).Order().ToList();
        double oofThreshold = settings.ThresholdOf(oofPositives);
        // What the other choices of positives would give (diagnostics: the threshold is one number, Bot:Scoring:AbstainThreshold tries another).
        foreach (var (name, keep) in new (string, Func<int, bool>)[] { ("all", _ => true), ("first set", i => rows.Run[i] < AbstainerRows.ExtraRunBase), ("second set", i => rows.Run[i] >= AbstainerRows.ExtraRunBase) })
        {
            var p = Enumerable.Range(0, rows.Count).Where(i => rows.Labels[i] && FigureRow(i) && keep(i)).Select(i => oof[i]).Order().ToList();
            if (p.Count > 0)
                Console.WriteLine($"  trees' out-of-fold threshold over {name} positives ({p.Count}): " + string.Join(", ",
                    new[] { 0.03, 0.05, 0.08, 0.10 }.Select(l => $"{l:P0} lost at {p[(int)Math.Floor(l * p.Count)]:F4}")));
        }
        var trees = FitTrees(rows.Rows, rows.Labels, rounds,
            $"abstention classifier: {rounds} boosted depth-2 trees (answerable in corpus vs out of corpus); threshold loses {settings.LostTarget:P1} of {ThresholdQuestions} out of fold ({settings.ThresholdFolds switch { "article" => "one article's questions", "also-article" => "one second-set article's questions or one first-set run", _ => "one leave-one-article-out run" }} held out at a time)");
        trees = trees with { Threshold = Math.Round(settings.ReferenceThreshold ?? oofThreshold, 4) };
        if (settings.NewsThreshold)
        {
            var news = Enumerable.Range(0, rows.Count).Where(i => rows.Labels[i] && FigureRow(i) && rows.Run[i] >= AbstainerRows.ExtraRunBase).Select(i => oof[i]).Order().ToList();
            if (news.Count == 0) throw new InvalidOperationException("--news-threshold needs a second set with answerable questions (--also-docs, --also-questions).");
            trees = trees with { NewsThreshold = Math.Round(settings.ThresholdOf(news), 4) };
            Console.WriteLine($"  trees' threshold {trees.Threshold:F4} (reference documents{(settings.ReferenceThreshold is null ? "" : ", as --reference-threshold")}), news threshold {trees.NewsThreshold:F4} (news documents)");
        }
        Report("trees (training fit)", x => trees.Probability(x), trees.Threshold, Enumerable.Range(0, rows.Count));
        return trees;
    }

    private BoostedTrees TreesOn(List<int> train, int rounds) => FitTrees(Select(train), Labels(train), rounds, "oof");

    /// <summary>
    /// The boosted trees, or with <see cref="AbstainerSettings.TreeBlendWithout"/> the blend of them and as many trees fitted
    /// with those features zeroed (their cuts empty, so never split on), every leaf value halved: the mean of the two scores.
    /// </summary>
    private BoostedTrees FitTrees(IReadOnlyList<double[]> x, IReadOnlyList<bool> y, int rounds, string note)
    {
        var trees = BoostedTrainer.Train(x, y, Features, rounds, settings.TreeRate, 1, 20, note);
        if (settings.TreeBlendWithout is not { Count: > 0 } without) return trees;
        var zeroed = without.Select(Features.IndexOf).ToArray();
        var rowsWithout = x.Select(r =>
        {
            var c = (double[])r.Clone();
            foreach (var j in zeroed) c[j] = 0;
            return c;
        }).ToList();
        var other = BoostedTrainer.Train(rowsWithout, y, Features, rounds, settings.TreeRate, 1, 20, note);
        return trees with
        {
            Trees = [.. trees.Trees.Concat(other.Trees).Select(t => t with { Leaves = [.. t.Leaves.Select(v => v * 0.5)] })],
            Note = $"{trees.Note}; blended with {rounds} trees without {string.Join(", ", without)} (leaf values halved)",
        };
    }

    private Func<double[], double> TreesProbability(List<int> train, int rounds)
    {
        var m = TreesOn(train, rounds);
        return x => m.Probability(x);
    }

    private List<double[]> Select(List<int> idx) => idx.Select(i => rows.Rows[i]).ToList();

    private List<bool> Labels(List<int> idx) => idx.Select(i => rows.Labels[i]).ToList();

    private double Threshold(Func<double[], double> m, IEnumerable<int> idx)
    {
        var p = idx.Where(i => rows.Labels[i]).Select(i => m(rows.Rows[i])).Order().ToList();
        return settings.ThresholdOf(p);
    }

    private void Report(string what, Func<double[], double> m, double t, IEnumerable<int> idx)
    {
        var ix = idx.ToList();
        var pos = ix.Where(i => rows.Labels[i]).ToList();
        var neg = ix.Where(i => !rows.Labels[i]).ToList();
        Console.WriteLine($"  {what}: lost {pos.Count(i => m(rows.Rows[i]) < t) / (double)Math.Max(1, pos.Count):F3} of {pos.Count} answerable, " +
            $"abstained {neg.Count(i => m(rows.Rows[i]) < t) / (double)Math.Max(1, neg.Count):F3} of {neg.Count} out of corpus");
    }

    private void OutOfFold(Func<List<int>, Func<double[], double>> fit, string what)
    {
        var oof = new double[rows.Count];
        var full = new List<double>();
        // "" holds the questions about no article (general off-topic): held out together like an article, else they
        // would keep a probability of 0 and always count as abstained.
        foreach (var held in Articles.Append(""))
        {
            var m = fit(Enumerable.Range(0, rows.Count).Where(i => rows.Doc[i] != held).ToList());
            foreach (var i in Enumerable.Range(0, rows.Count).Where(i => rows.Doc[i] == held)) oof[i] = m(rows.Rows[i]);
            full.AddRange(fullRows.Where(r => r.Doc == held).Select(r => m(r.Row)));
        }
        var positives = full.Order().ToList();
        double t = settings.ThresholdOf(positives);
        var index = new Dictionary<double[], int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < rows.Count; i++) index[rows.Rows[i]] = i;
        Report($"{what} leave-one-article-out", x => oof[index[x]], t, Enumerable.Range(0, rows.Count).Where(FigureRow));
        if (oofPrefix is not null)
            File.WriteAllLines($"{oofPrefix}.{what.Replace(' ', '_')}.tsv", Enumerable.Range(0, rows.Count).Where(FigureRow)
                .Select(i => $"{(rows.Labels[i] ? 1 : 0)}\t{oof[i].ToString("R", CultureInfo.InvariantCulture)}\t{t.ToString("R", CultureInfo.InvariantCulture)}\t{rows.Doc[i]}\t{rows.Described[i].Replace('\t', ' ')}"));
    }
}
