namespace Bot.Core.Answering.Ranking;

/// <summary>The shipped models (embedded resources): the sentence ranker and the abstention classifier; null when absent.</summary>
public static class RankingModels
{
    private static readonly Lazy<LinearModel?> RankerModel = new(() => Load("ranker.json"));
    private static readonly Lazy<LinearModel?> AbstainerModel = new(() => Load("abstainer.json"));

    public static LinearModel? Ranker => RankerModel.Value;

    public static LinearModel? Abstainer => AbstainerModel.Value;

    private static LinearModel? Load(string name)
    {
        var assembly = typeof(RankingModels).Assembly;
        var resource = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith("." + name, StringComparison.Ordinal));
        if (resource is null) return null;
        using var stream = assembly.GetManifestResourceStream(resource)!;
        return LinearModel.Read(stream);
    }
}
