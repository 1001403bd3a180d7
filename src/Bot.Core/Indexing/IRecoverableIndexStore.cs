namespace Bot.Core.Indexing;

/// <summary>
/// A store whose index is a file the bot owns (SQLite), so a file that cannot be read any more can be moved aside
/// and rebuilt from the seeds by `bot index --full`. A PostgreSQL database is the operator's to repair.
/// </summary>
public interface IRecoverableIndexStore
{
    /// <summary>Whether the index can be opened and passes SQLite's quick integrity check.</summary>
    Task<bool> IsReadableAsync(CancellationToken cancellationToken);

    /// <summary>Moves the index file (and its WAL and shared-memory files) aside; returns the new path of the index file.</summary>
    Task<string> MoveAsideAsync(CancellationToken cancellationToken);
}
