namespace Bot.Core.Evaluation;

/// <summary>
/// The deterministic split of an evaluation corpus by article: articles at even positions in ordinal path order are
/// the tuning half, the others are never looked at while tuning (the untouched half).
/// </summary>
public static class EvalSplit
{
    public static IReadOnlyList<string> TuningDocs(IEnumerable<string> docs)
    {
        ArgumentNullException.ThrowIfNull(docs);
        return docs.Order(StringComparer.Ordinal).Where((_, i) => i % 2 == 0).ToList();
    }
}
