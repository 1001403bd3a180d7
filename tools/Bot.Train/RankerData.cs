using Bot.Core.Answering.Ranking;
using Bot.Core.Evaluation;

namespace Bot.Train;

/// <summary>
/// The ranker's training data: the answerable tuning questions' candidate sets on an index of the tuning articles, each
/// candidate labelled by whether it holds a gold answer.
/// </summary>
internal sealed class RankerData
{
    private RankerData(List<(EvalQuestion Question, CandidateSet Set)> sets, List<(string Doc, LogisticTrainer.Group Group)> groups, string? embeddingModel)
    {
        Sets = sets;
        Groups = groups;
        Trainable = groups.Where(g => g.Group.Positive.Any(p => p)).ToList();
        EmbeddingModel = embeddingModel;
    }

    public List<(EvalQuestion Question, CandidateSet Set)> Sets { get; }

    public List<(string Doc, LogisticTrainer.Group Group)> Groups { get; }

    /// <summary>The groups with a gold sentence among the candidates (the others teach a listwise ranker nothing).</summary>
    public List<(string Doc, LogisticTrainer.Group Group)> Trainable { get; }

    /// <summary>The embedding model's key the vector features came from, or null when indexed lexically.</summary>
    public string? EmbeddingModel { get; }

    /// <param name="drop">Ranker features to zero (a constant feature gets no weight), to measure without them.</param>
    public static async Task<RankerData> GatherAsync(TrainingInput input, IReadOnlyList<string> tuning, IEnumerable<EvalQuestion> questions, bool rerank,
        IRankingModels models, IReadOnlyList<string> drop, CancellationToken ct)
    {
        List<(EvalQuestion Question, CandidateSet Set)> sets;
        string? embeddingModel;
        await using (var corpus = await TrainingCorpus.BuildAsync(input, tuning, rerank, models, ct))
        {
            sets = await corpus.GatherAsync(questions.Where(q => q.Answerable), ct);
            embeddingModel = corpus.EmbeddingModelKey;
        }
        var groups = sets.Select(x => (x.Question.Doc, Group: new LogisticTrainer.Group(x.Set.Features,
            x.Set.Sentences.Select(s => s.Path == x.Question.Doc && GoldAnswers.ContainsAny(s.Text, x.Question.Answers)).ToArray()))).ToList();
        foreach (var name in drop)
        {
            int j = CandidateFeature.Set.IndexOf(name);
            foreach (var (_, g) in groups) foreach (var x in g.X) x[j] = 0;
        }
        var data = new RankerData(sets, groups, embeddingModel);
        Console.WriteLine($"answerable: {sets.Count}; a gold sentence among the candidates: {data.Trainable.Count} ({(double)data.Trainable.Count / Math.Max(1, sets.Count):F3})");
        return data;
    }

    /// <summary>A copy with feature slot <paramref name="j"/> zeroed in every candidate.</summary>
    public RankerData Without(int j) => new(Sets, Groups.Select(g => (g.Doc, new LogisticTrainer.Group(g.Group.X.Select(x =>
    {
        var c = (double[])x.Clone();
        c[j] = 0;
        return c;
    }).ToArray(), g.Group.Positive))).ToList(), EmbeddingModel);

    /// <summary>Share of groups whose best-scored candidate holds a gold answer (by <paramref name="model"/>, or by feature <paramref name="hand"/> alone).</summary>
    public static double Top1(LinearModel? model, IEnumerable<(string Doc, LogisticTrainer.Group Group)> groups, int hand = CandidateFeature.Hand)
    {
        int ok = 0, n = 0;
        foreach (var (_, g) in groups)
        {
            n++;
            int best = 0;
            double bs = double.NegativeInfinity;
            for (int i = 0; i < g.X.Length; i++)
            {
                double s = model is null ? g.X[i][hand] : model.Score(g.X[i]);
                if (s > bs) { bs = s; best = i; }
            }
            if (g.Positive[best]) ok++;
        }
        return (double)ok / Math.Max(1, n);
    }
}
