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

    /// <summary>Titles of documents whose content changed.</summary>
    public IReadOnlyList<string> UpdatedTitles { get; init; } = [];

    /// <summary>Paths that left the index (file deleted, or now a duplicate of another file).</summary>
    public IReadOnlyList<string> RemovedPaths { get; init; } = [];

    /// <summary>Passages embedded in this run (0 without embeddings; passages with a stored vector are reused).</summary>
    public int PassagesEmbedded { get; init; }

    /// <summary>Sentences embedded in this run (0 without embeddings; sentences with a stored vector are reused).</summary>
    public int SentencesEmbedded { get; init; }

    /// <summary>Where an unreadable index was moved before this (full) run rebuilt it; null when it was readable.</summary>
    public string? MovedAside { get; init; }

    /// <summary>Files the text phase did not reach because its <see cref="IndexRequest.TextBudget"/> ran out (0: all were looked at).</summary>
    public int FilesLeft { get; init; }

    /// <summary>
    /// Some indexed passages or sentences still have no vector (embedding skipped, cut short by its budget, or failed):
    /// they are found by their words until a later run embeds them. Always false without an embedding step.
    /// </summary>
    public bool VectorsPending { get; init; }

    /// <summary>
    /// The seeds folder's listing matched the manifest the last complete run recorded (<see cref="IIndexStore.GetSeedManifestAsync"/>),
    /// so no stored stamp was read and no file compared: the counts and problems are that run's.
    /// </summary>
    public bool FromManifest { get; init; }

    /// <summary>The schema version changed, so the index was rebuilt from scratch.</summary>
    public bool SchemaRebuilt { get; init; }
}
