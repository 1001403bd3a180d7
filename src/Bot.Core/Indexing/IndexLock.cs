namespace Bot.Core.Indexing;

/// <summary>
/// One writer at a time across processes: an exclusive lock on a file in the data folder. The OS releases it when
/// the process dies, so a killed indexer never leaves a stale lock behind.
/// </summary>
public sealed class IndexLock : IDisposable
{
    private readonly FileStream _stream;

    private IndexLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock, waiting up to <paramref name="wait"/>; null when another process still holds it.</summary>
    public static async Task<IndexLock?> TryAcquireAsync(string dataPath, TimeSpan wait, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataPath);
        var path = Path.Combine(dataPath, "index.lock");
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                var fs = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                fs.SetLength(0);
                var pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
                fs.Write(pid);
                fs.Flush();
                return new IndexLock(fs);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
