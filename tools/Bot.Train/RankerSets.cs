using Bot.Core.Answering.Ranking;

namespace Bot.Train;

/// <summary>
/// Everything a ranker learns from: the tuning half's answerable questions on an index of the tuning articles and, with
/// a second set (<see cref="TrainingInput.Extra"/>), its answerable questions on an index of its own chosen articles,
/// each of those groups counted <see cref="ExtraWeight"/> times.
/// </summary>
internal sealed record RankerSets(RankerData Tuning, RankerData? Extra, IReadOnlyList<string> TuningArticles, IReadOnlyList<string> ExtraArticles, int ExtraWeight)
{
    /// <summary>Every article a leave-one-article-out check holds out in turn: the tuning ones, then the second set's.</summary>
    public IEnumerable<string> Articles => TuningArticles.Concat(ExtraArticles);

    /// <summary>Every question's candidate groups, by article (the second set's once each, unweighted).</summary>
    public IEnumerable<(string Doc, LogisticTrainer.Group Group)> Groups => Tuning.Groups.Concat(Extra?.Groups ?? []);

    /// <summary>Every question's candidate set (the second set's once each).</summary>
    public IEnumerable<(Bot.Core.Evaluation.EvalQuestion Question, CandidateSet Set)> Sets => Tuning.Sets.Concat(Extra?.Sets ?? []);

    /// <summary>The training groups without <paramref name="without"/>'s questions, the second set's counted <paramref name="weight"/> (default <see cref="ExtraWeight"/>) times.</summary>
    public List<LogisticTrainer.Group> Train(string? without = null, int? weight = null) =>
        Tuning.Trainable.Where(g => g.Doc != without).Select(g => g.Group)
            .Concat((Extra?.Trainable ?? []).Where(g => g.Doc != without).SelectMany(g => Enumerable.Repeat(g.Group, weight ?? ExtraWeight))).ToList();

    /// <summary>Leave-one-article-out rankers over every article (tuning and second set), by held-out article.</summary>
    /// <remarks>Fitted in parallel (each fit is independent and single-threaded); the result is the same in any order.</remarks>
    public Dictionary<string, LinearModel> FoldRankers(RankerFit fit, int? weight = null)
    {
        var articles = Articles.ToList();
        var models = new LinearModel[articles.Count];
        Parallel.For(0, articles.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => models[i] = fit.Fit(Train(articles[i], weight), "cv"));
        return Enumerable.Range(0, articles.Count).ToDictionary(i => articles[i], i => models[i]);
    }

    /// <summary>The same questions with feature <paramref name="name"/> zeroed in every candidate (to measure without it).</summary>
    public RankerSets Without(string name)
    {
        int j = CandidateFeature.Set.IndexOf(name);
        return this with { Tuning = Tuning.Without(j), Extra = Extra?.Without(j) };
    }

    /// <param name="tuning">The tuning articles and their questions (<see cref="TrainingInput.LoadTuningAsync"/>).</param>
    /// <param name="extra">The second set's chosen articles and questions, or null.</param>
    public static async Task<RankerSets> GatherAsync(TrainingInput input, (List<string> Articles, List<Bot.Core.Evaluation.EvalQuestion> Questions) tuning,
        (List<string> Articles, List<Bot.Core.Evaluation.EvalQuestion> Questions)? extra, bool rerank, IRankingModels models, IReadOnlyList<string> drop, CancellationToken ct)
    {
        var data = await RankerData.GatherAsync(input, tuning.Articles, tuning.Questions, rerank, models, drop, ct);
        var extraData = extra is { } e ? await RankerData.GatherAsync(input, e.Articles, e.Questions, rerank, models, drop, ct) : null;
        return new RankerSets(data, extraData, tuning.Articles, extra?.Articles ?? [], input.Extra?.RankerWeight ?? 1);
    }
}
