using Microsoft.Extensions.Logging;

namespace Bot.Core.Embeddings;

/// <summary>
/// Model files are written to a temporary <c>*.part</c> name and renamed when complete; a process killed half-way (or a
/// full disk) leaves the part behind, up to the size of the model. Parts older than any write still in progress are
/// removed the next time the folder is used.
/// </summary>
internal static class PartialFiles
{
    /// <summary>
    /// Deletes <c>*.part</c> files under <paramref name="folder"/> (those <paramref name="mine"/> accepts, by file name)
    /// last written more than <paramref name="olderThan"/> ago; returns how many.
    /// </summary>
    public static int DeleteStale(string folder, TimeSpan olderThan, Func<string, bool> mine, ILogger logger, TimeProvider? time = null)
    {
        if (!Directory.Exists(folder)) return 0;
        var cutoff = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime - olderThan;
        int deleted = 0;
        try
        {
            foreach (var path in Directory.EnumerateFiles(folder, "*.part", SearchOption.AllDirectories))
            {
                try
                {
                    // Why the age: another process may be writing this very part now (an unpack takes seconds, a download minutes).
                    var file = new FileInfo(path);
                    if (!mine(file.Name) || !file.Exists || file.LastWriteTimeUtc >= cutoff) continue;
                    File.Delete(path);
                    deleted++;
                    Log.PartialFileDeleted(logger, path);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    Log.PartialFileNotDeleted(logger, path, ex.Message);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Clean-up only: a folder that cannot be listed is reported by the write that needs it.
            Log.PartialFilesNotListed(logger, folder, ex.Message);
        }

        return deleted;
    }
}
