using System.Globalization;
using Bot.Core.Answering.Ranking;
using Bot.Core.Evaluation;

namespace Bot.Train;

/// <summary>
/// `abstainer`: fits the abstention classifiers (linear, and boosted trees) on the scores of a trained ranker and writes
/// them (abstainer.json and abstainer-trees.json, or the -vectors pair with an embedding model).
/// </summary>
internal static class AbstainerTraining
{
    /// <param name="ranker">The ranker whose scores the abstainer learns (the file the `ranker` command wrote).</param>
    /// <param name="models">The first stage, when <paramref name="rerank"/>.</param>
    /// <param name="fit">How the leave-one-article-out rankers are fitted (for <see cref="AbstainerSettings.CrossFit"/>).</param>
    public static async Task<int> RunAsync(TrainingInput input, LinearModel ranker, string outDir, bool rerank, IRankingModels models, RankerFit fit,
        AbstainerSettings settings, AbstainerReports reports, CancellationToken ct)
    {
        if (reports.FoldModelsDir is not null && input.Extra is null)
            throw new ArgumentException("--fold-models needs --also-docs and --also-questions (the set whose articles are held out).");
        if (reports.FoldModelsDir is not null && input.Extra!.HoldOut is not null)
            throw new ArgumentException("--fold-models holds out each article in turn: leave out --also-hold-out.");
        var tuningSet = await input.LoadTuningAsync(ct);
        var (tuning, questions) = tuningSet;
        // The second set (news): its answerable questions on an index of all its chosen articles are further
        // leave-one-article-out positives, and its own runs add rows.
        var loaded = input.Extra is { } x ? await x.LoadWithFoldsAsync(ct) : ((List<string> Articles, List<EvalQuestion> Questions, Dictionary<EvalQuestion, string> Folds)?)null;
        (List<string> Articles, List<EvalQuestion> Questions)? extra = loaded is { } l ? (l.Articles, l.Questions) : null;
        var extraFolds = loaded?.Folds;
        // The answerable questions on the whole tuning index (and the second set's on its own): the leave-one-article-out
        // figures' positives, and the training data of the cross-fit and whole-chain rankers.
        var sets = await RankerSets.GatherAsync(input, tuningSet, extra, rerank, models, [], ct);
        // Cross-fit: a question's abstainer row uses the ranker trained without its article, so the abstainer learns from
        // ranker scores like those of questions the shipped ranker has never seen, not from the over-confident scores of
        // the ranker's own training questions.
        var foldRankers = settings.CrossFit ? sets.FoldRankers(fit) : null;
        (double[] Row, string Top) AbstainRow(CandidateSet set, string doc) => Row(set, foldRankers is null ? ranker : foldRankers[doc]);

        var rows = await AbstainerRows.BuildAsync(input, tuning, questions, rerank, models, settings, AbstainRow, ct,
            extra is { } r ? (r.Articles, r.Questions, input.Extra!.Weight) : null, keepSets: reports.ChainPrefix is not null);
        if (reports.RowsFile is { } rowsFile)
        {
            await WriteRowsAsync(rowsFile, rows, ct);
            if (reports.RowsOnly) return 0;
        }
        if (reports.FoldModelsDir is { } foldDir)
        {
            await FoldModels.WriteAsync(rows, tuning, extra!.Value, extraFolds!, input.Extra!.QuestionsPath, settings, input.Suffix, reports.RankerFolder, foldDir, ct);
        }
        var fullRows = sets.Sets.Select(q => (q.Question.Doc, AbstainRow(q.Set, q.Question.Doc).Row)).ToList();
        if (reports.ChainPrefix is { } chain) await ChainOutOfFold.RunAsync(rows, sets, fit, settings, chain, ct);
        var fitter = new AbstainerFitter(rows, tuning, fullRows, settings, reports.OofPrefix, extra?.Articles, extraFolds);
        fitter.CrossCheck(reports.CrossCheckTrees);
        var abstainer = fitter.Linear();
        fitter.LeaveOneArticleOut(reports.TreeSweep, reports.Blend);

        Directory.CreateDirectory(outDir);
        var written = new List<string>();
        if (settings.TreeRounds > 0)
        {
            var trees = fitter.Trees();
            written.Add(Path.Combine(outDir, $"abstainer-trees{input.Suffix}.json"));
            await File.WriteAllTextAsync(written[^1], trees.ToJson() + "\n", ct);
        }
        if (reports.MisjudgedFile is { } misjudged)
        {
            // Out-of-corpus questions the abstainer still answers, and answerable ones it loses (diagnostics only).
            await File.WriteAllLinesAsync(misjudged, Enumerable.Range(0, rows.Count)
                .Where(i => rows.Labels[i] != (abstainer.Probability(rows.Rows[i]) >= abstainer.Threshold))
                .Select(i => $"{(rows.Labels[i] ? "LOST" : "ANSWERED")} p={abstainer.Probability(rows.Rows[i]):F3} [{string.Join(" ", rows.Rows[i].Select(v => v.ToString("F2", CultureInfo.InvariantCulture)))}] {rows.Described[i]}"), ct);
        }
        written.Add(Path.Combine(outDir, $"abstainer{input.Suffix}.json"));
        await File.WriteAllTextAsync(written[^1], abstainer.ToJson() + "\n", ct);
        Console.WriteLine($"wrote {string.Join(" and ", written)}");
        return 0;
    }

    /// <summary>A question's abstainer features under <paramref name="model"/>'s scores, and the sentence that model ranks first.</summary>
    public static (double[] Row, string Top) Row(CandidateSet set, LinearModel model)
    {
        var scores = set.Features.Select(f => model.Score(f)).ToArray();
        int top = Array.IndexOf(scores, scores.Max());
        double z = scores.Sum(s => Math.Exp(s - scores[top]));
        return (AbstentionFeatures.Compute(set, scores, top, 1 / z), set.Sentences[top].Text);
    }

    /// <summary>Every training row (diagnostics only): label, run, question's article, features, question => top sentence.</summary>
    private static Task WriteRowsAsync(string path, AbstainerRows rows, CancellationToken ct) =>
        File.WriteAllLinesAsync(path, new[] { string.Join("\t", new[] { "label", "run", "doc" }.Concat(AbstentionFeature.Set.Names).Append("described")) }
            .Concat(Enumerable.Range(0, rows.Count).Select(i => string.Join("\t", new[] { rows.Labels[i] ? "1" : "0", rows.Run[i].ToString(CultureInfo.InvariantCulture), rows.Doc[i] }
                .Concat(rows.Rows[i].Select(v => v.ToString("R", CultureInfo.InvariantCulture))).Append(rows.Described[i].Replace('\t', ' ').Replace('\n', ' '))))), ct);
}
