using Bot.Core.Answering.Ranking;

namespace Bot.Train;

/// <summary>`diagnose features` and `diagnose ablation`: what each ranker feature is worth, written nowhere.</summary>
internal static class Diagnostics
{
    /// <summary>Each feature's top-1 alone (the candidate with the highest value chosen), per tuning article.</summary>
    public static async Task<int> FeaturesAsync(TrainingInput input, bool rerank, IRankingModels models, CancellationToken ct)
    {
        var (tuning, questions) = await input.LoadTuningAsync(ct);
        var data = await RankerData.GatherAsync(input, tuning, questions, rerank, models, [], ct);
        var names = CandidateFeature.Set.Names;
        for (int j = 0; j < names.Count; j++)
            Console.WriteLine($"  {names[j],-22} " + string.Join(" ", tuning.Select(d => $"{RankerData.Top1(null, data.Groups.Where(g => g.Doc == d), j):F3}")));
        return 0;
    }

    /// <summary>Leave-one-article-out top-1 with all features, then without each feature in turn (which features the ranker does not need).</summary>
    public static async Task<int> AblationAsync(TrainingInput input, bool rerank, IRankingModels models, RankerFit fit, CancellationToken ct)
    {
        var (tuning, questions) = await input.LoadTuningAsync(ct);
        var data = await RankerData.GatherAsync(input, tuning, questions, rerank, models, [], ct);
        double Loao(int without)
        {
            var saved = new Dictionary<double[], double>(ReferenceEqualityComparer.Instance);
            if (without >= 0) foreach (var (_, g) in data.Groups) foreach (var x in g.X) { saved[x] = x[without]; x[without] = 0; }
            double sum = 0;
            foreach (var held in tuning)
            {
                var m = LogisticTrainer.TrainRanker(data.Trainable.Where(g => g.Doc != held).Select(g => g.Group).ToList(), CandidateFeature.Set, fit.L2, fit.Iterations, "ablate");
                sum += RankerData.Top1(m, data.Groups.Where(g => g.Doc == held));
            }
            foreach (var (x, v) in saved) x[without] = v;
            return sum / tuning.Count;
        }
        Console.WriteLine($"  all features: {Loao(-1):F4}");
        var names = CandidateFeature.Set.Names;
        for (int j = 0; j < names.Count; j++) Console.WriteLine($"  without {names[j],-22} {Loao(j):F4}");
        return 0;
    }
}
