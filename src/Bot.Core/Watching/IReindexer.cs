using Bot.Core.Indexing;

namespace Bot.Core.Watching;

/// <summary>
/// Background re-indexing for long-running front ends: subscribe to <see cref="Reindexed"/> for notices, call
/// <see cref="ReindexNowAsync"/> for an on-demand run (Discord's /reindex).
/// </summary>
public interface IReindexer
{
    /// <summary>
    /// Raised after every background run that changed the index or failed, and after every on-demand run. Raised on a
    /// background thread; handlers must be quick and must not throw.
    /// </summary>
    event EventHandler<ReindexedEventArgs>? Reindexed;

    /// <summary>The last finished run's report (null before the first).</summary>
    IndexReport? LastReport { get; }

    /// <summary>Re-indexes now (after a background run in progress finishes) and returns what it did.</summary>
    /// <exception cref="IndexBusyException">Another process kept indexing for longer than Bot:Watch:LockWaitSeconds.</exception>
    Task<IndexReport> ReindexNowAsync(CancellationToken cancellationToken);
}
