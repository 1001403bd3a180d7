namespace Bot.Core.Indexing;

/// <summary>
/// What one <see cref="SeedIndexer"/> run does. The text phase and the embedding phase are separable so a front end can
/// make new text searchable at once (BM25) and leave its vectors to a background or later run.
/// </summary>
public sealed record IndexRequest
{
    /// <summary>Re-chunk every file instead of only what changed.</summary>
    public bool Full { get; init; }

    /// <summary>Bring the stored text in line with the seeds folder.</summary>
    public bool Text { get; init; } = true;

    /// <summary>Embed the passages and sentences that have no vector yet (needs an embedding step).</summary>
    public bool Vectors { get; init; } = true;

    /// <summary>How long to wait for another writer; <see cref="Timeout.InfiniteTimeSpan"/> waits for ever.</summary>
    public TimeSpan LockWait { get; init; } = SeedIndexer.DefaultLockWait;

    /// <summary>
    /// No further file is started once the text phase has run this long; the rest is left for the next run (and nothing
    /// is removed from the index, since unvisited files cannot be told from deleted ones). Null: no limit.
    /// </summary>
    public TimeSpan? TextBudget { get; init; }

    /// <summary>No further batch is embedded once the embedding phase has run this long (at least one batch is). Null: no limit.</summary>
    public TimeSpan? VectorBudget { get; init; }
}
