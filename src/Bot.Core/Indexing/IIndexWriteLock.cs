namespace Bot.Core.Indexing;

/// <summary>
/// One index writer at a time across processes. SQLite: a lock file in the data folder; PostgreSQL: an advisory lock,
/// so indexers on several machines sharing one database take turns. Either is released when its holder dies.
/// </summary>
public interface IIndexWriteLock
{
    /// <summary>Takes the lock, waiting up to <paramref name="wait"/> (<see cref="Timeout.InfiniteTimeSpan"/>: for ever); null when another writer still holds it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>"another process (pid N) is indexing …" — what a second writer is told.</summary>
    Task<string> BusyMessageAsync(CancellationToken cancellationToken);
}
