namespace Bot.Core.Watching;

/// <summary>What started a background or on-demand re-index.</summary>
public enum ReindexTrigger
{
    /// <summary>The watcher started (catches up with changes made while nothing watched).</summary>
    Startup,

    /// <summary>File-system events in the seeds folder.</summary>
    FileChange,

    /// <summary>The periodic rescan.</summary>
    Rescan,

    /// <summary><see cref="IReindexer.ReindexNowAsync"/> (e.g. Discord's /reindex).</summary>
    OnDemand,
}
