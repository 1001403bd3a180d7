using System.Runtime.InteropServices;

namespace Bot.Core.Embeddings;

/// <summary>
/// Writes a model file whole or not at all: to a temporary <c>*.part</c> name beside it, flushed to disk, renamed into
/// place, then the folder flushed (so the rename itself survives a power cut), so a process killed half-way (or a full
/// disk) never leaves a torn file under the real name. Parts left by killed processes are removed by their writers'
/// clean-up (<see cref="PartialFiles"/>). The model caches' shared policy is described on <see cref="ModelCacheLock"/>.
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

            FlushFolder(Path.GetDirectoryName(Path.GetFullPath(path))!);
            return true;
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>Flushes <paramref name="path"/>'s data to disk (it was written by someone else, e.g. ONNX Runtime).</summary>
    public static void FlushFile(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 1);
        file.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Flushes <paramref name="folder"/>'s entries to disk (fsync of the directory), so a rename into it is durable: on
    /// Linux and macOS a renamed file's name lives in the folder, and without this a power cut after the rename can bring
    /// back the old name (or none). Best effort: false when the folder cannot be opened or the file system refuses
    /// (some do for directories); on Windows (which cannot open a folder this way; NTFS journals the rename) nothing is
    /// done and true returned.
    /// </summary>
    public static bool FlushFolder(string folder)
    {
        if (OperatingSystem.IsWindows()) return true;
        var fd = Open(folder, ReadOnly);
        if (fd < 0) return false;
        try
        {
            return Fsync(fd) == 0;
        }
        finally
        {
            _ = Close(fd);
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

    private const int ReadOnly = 0; // O_RDONLY on Linux and macOS

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int fd);
}
