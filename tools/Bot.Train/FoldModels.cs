using Bot.Core.Answering.Ranking;
using Bot.Core.Evaluation;

namespace Bot.Train;

/// <summary>
/// `abstainer --fold-models DIR`: for each of the second set's articles, the abstainers the same command would write
/// with <c>--also-hold-out ARTICLE</c> (every row of that article's fold dropped, then fitted exactly as the shipped
/// ones), beside copies of the rankers they were trained on, in DIR/ARTICLE, with the fold's questions in
/// DIR/ARTICLE/questions.jsonl: `bot eval` with <c>Bot__Scoring__ModelsPath=DIR/ARTICLE</c> on those questions measures the
/// whole answering pipeline on questions its abstainer never learned (tools/Bot.Train/scripts/news-oof-eval.sh).
/// </summary>
internal static class FoldModels
{
    /// <param name="rankerFolder">Where the rankers the abstainer learned are read from; each file of
    /// <see cref="RankingModelFiles.All"/> found there is copied into every fold, then the fold's abstainers written over them.</param>
    /// <param name="folds">Every question's fold (<see cref="ExtraCorpus.Folds"/>).</param>
    public static async Task WriteAsync(AbstainerRows rows, IReadOnlyList<string> tuning, (List<string> Articles, List<EvalQuestion> Questions) extra,
        Dictionary<EvalQuestion, string> folds, string questionsPath, AbstainerSettings settings, string suffix, string rankerFolder, string outDir, CancellationToken ct)
    {
        var foldOfId = folds.ToDictionary(f => f.Key.Id, f => f.Value, StringComparer.Ordinal);
        var lines = await File.ReadAllLinesAsync(questionsPath, ct);
        var models = new (LinearModel Linear, BoostedTrees? Trees)[extra.Articles.Count];
        // Each fold's fit is independent and single-threaded: two side by side.
        Parallel.For(0, extra.Articles.Count, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct }, k =>
        {
            var article = extra.Articles[k];
            var kept = rows.Without(q => folds.TryGetValue(q, out var fold) && fold == article);
            var fitter = new AbstainerFitter(kept, tuning, [], settings, null, extra.Articles, folds);
            models[k] = (fitter.Linear(), settings.TreeRounds > 0 ? fitter.Trees() : null);
            Console.WriteLine($"  fold {article}: {rows.Count - kept.Count} rows held out, abstainers fitted on {kept.Count}");
        });
        for (int k = 0; k < extra.Articles.Count; k++)
        {
            var article = extra.Articles[k];
            var dir = Path.Combine(outDir, Path.GetFileNameWithoutExtension(article));
            Directory.CreateDirectory(dir);
            foreach (var file in RankingModelFiles.All.Keys.Where(f => File.Exists(Path.Combine(rankerFolder, f))))
                File.Copy(Path.Combine(rankerFolder, file), Path.Combine(dir, file), overwrite: true);
            var (linear, trees) = models[k];
            if (trees is not null) await File.WriteAllTextAsync(Path.Combine(dir, $"abstainer-trees{suffix}.json"), trees.ToJson() + "\n", ct);
            else File.Delete(Path.Combine(dir, $"abstainer-trees{suffix}.json"));
            await File.WriteAllTextAsync(Path.Combine(dir, $"abstainer{suffix}.json"), linear.ToJson() + "\n", ct);
            // The fold's questions, verbatim from the file (a line is matched by its question's id, as the loader numbers them).
            var asked = new List<string>();
            for (int n = 0; n < lines.Length; n++)
            {
                if (lines[n].Trim().Length == 0) continue;
                if (foldOfId.TryGetValue(EvalQuestionLoader.Parse(lines[n], n + 1).Id, out var fold) && fold == article) asked.Add(lines[n]);
            }
            await File.WriteAllLinesAsync(Path.Combine(dir, "questions.jsonl"), asked, ct);
            Console.WriteLine($"wrote {dir}: abstainers without fold {article}, {asked.Count} questions");
        }
    }
}
