namespace Bot.Core.Indexing;

/// <summary>What one indexing run did.</summary>
public sealed record IndexReport(
    int Added,
    int Updated,
    int Renamed,
    int Removed,
    int Unchanged,
    int Duplicates,
    IReadOnlyList<IndexProblem> Problems,
    TimeSpan Elapsed,
    IReadOnlyList<string> AddedTitles)
{
    public bool ChangedAnything => Added + Updated + Renamed + Removed > 0;
}
