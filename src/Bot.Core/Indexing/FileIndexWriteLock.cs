namespace Bot.Core.Indexing;

/// <summary>The SQLite store's writer lock: <see cref="IndexLock"/> on a file in the data folder.</summary>
public sealed class FileIndexWriteLock(string dataPath) : IIndexWriteLock
{
    public async Task<IAsyncDisposable?> TryAcquireAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var held = await IndexLock.TryAcquireAsync(dataPath, wait, cancellationToken).ConfigureAwait(false);
        return held is null ? null : new Release(held);
    }

    public Task<string> BusyMessageAsync(CancellationToken cancellationToken) => Task.FromResult(SeedIndexer.BusyMessage(dataPath));

    private sealed class Release(IndexLock held) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            held.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
