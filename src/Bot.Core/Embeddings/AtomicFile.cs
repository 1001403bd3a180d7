namespace Bot.Core.Embeddings;

/// <summary>
/// Writes a model file whole or not at all: to a temporary <c>*.part</c> name beside it, flushed to disk, then renamed
/// into place, so a process killed half-way (or a full disk) never leaves a torn file under the real name. Parts left
/// by killed processes are removed by their writers' clean-up (<see cref="PartialFiles"/>).
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="path"/> with <paramref name="write"/>. With <paramref name="overwrite"/> false and
    /// <paramref name="path"/> written meanwhile (another process renamed its copy first), that file is kept and false
    /// returned.
    /// </summary>
    public static bool Write(string path, Action<Stream> write, bool overwrite = true)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.part";
        try
        {
            using (var output = File.Create(temp))
            {
                write(output);
                // Why: without fsync the rename can reach the disk before the data, and a crash would leave a complete
                // looking but empty or torn file that the "already written" checks then trust for ever.
                output.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temp, path, overwrite);
            }
            catch (IOException) when (!overwrite && File.Exists(path))
            {
                return false;
            }

            return true;
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>Deletes <paramref name="path"/> if it can; a file in use or not ours to delete is left.</summary>
    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // in use (Windows) or not ours to delete: harmless, it is never read under its name
        }
    }
}
