using System.Globalization;
using Bot.Core.Embeddings;

namespace Bot.Core.Indexing;

/// <summary>
/// One writer at a time across processes: an exclusive lock on a file in the data folder. The OS releases it when
/// the process dies, so a killed indexer never leaves a stale lock behind.
/// </summary>
public sealed class IndexLock : IDisposable
{
    private readonly FileStream _stream;

    private IndexLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock, waiting up to <paramref name="wait"/> (<see cref="Timeout.InfiniteTimeSpan"/>: for ever); null when another process still holds it.</summary>
    public static async Task<IndexLock?> TryAcquireAsync(string dataPath, TimeSpan wait, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataPath);
        var path = Path.Combine(dataPath, "index.lock");
        var deadline = wait == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                var fs = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                // The locked file cannot be read by others, so the owner's pid goes in a side file for messages.
                try { File.WriteAllText(OwnerPath(dataPath), Environment.ProcessId.ToString(CultureInfo.InvariantCulture)); }
                catch (IOException) { }
                return new IndexLock(fs);
            }
            // Only "held by another process" is waited on; any other failure to open the lock file (a read-only or full
            // data folder) is not someone else indexing, and says what it is.
            catch (IOException e) when (ModelCacheLock.IsHeldByAnother(e) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (ModelCacheLock.IsHeldByAnother(e))
            {
                return null;
            }
        }
    }

    /// <summary>Process id of the last writer that took the lock, when known (for "pid N is indexing" messages).</summary>
    public static int? LastOwner(string dataPath)
    {
        try
        {
            return int.TryParse(File.ReadAllText(OwnerPath(dataPath)), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static string OwnerPath(string dataPath) => Path.Combine(dataPath, "index.lock.pid");

    public void Dispose() => _stream.Dispose();
}
