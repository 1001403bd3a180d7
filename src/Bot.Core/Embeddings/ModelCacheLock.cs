namespace Bot.Core.Embeddings;

/// <summary>
/// The exclusive lock a model cache's writer holds from "is there a usable copy?" until the new copy is in place and the
/// older ones are gone, so no process deletes or replaces a copy another has just written.
/// <para>
/// The policy every model cache follows (the optimised graph, <see cref="OptimizedModelCache"/>; the int8 copy,
/// <see cref="Int8Quantizer"/>): a copy is written under a temporary name, flushed, renamed into place and the folder
/// flushed (<see cref="AtomicFile"/>); a copy is only ever replaced or deleted under this lock (the int8 copy is never
/// replaced: its rename does not overwrite, the first writer wins); a folder that is full or cannot be written runs
/// the model uncached, with one warning that says so and how to mend it, never an error; another process writing at
/// that moment also runs it uncached, silently. The unpacked packaged model (<see cref="PackagedEmbeddingModel"/>) is
/// not a cache but the model itself: a folder that cannot take it is an error with remedies.
/// </para>
/// <para>
/// The lock file (<c>model.onnx.optimized.lock</c>, empty) stays on purpose: deleting it on release would let a process
/// that opened the old file just before the delete lock that orphan while a third creates and locks a new file under
/// the same name, two writers at once.
/// </para>
/// </summary>
internal static class ModelCacheLock
{
    /// <summary>What <see cref="TryTake"/> found.</summary>
    internal enum Outcome
    {
        /// <summary>The lock is ours until the stream is disposed.</summary>
        Held,

        /// <summary>Another process or session holds it (it is writing the copy now).</summary>
        Busy,

        /// <summary>The lock file cannot be created or opened: the folder is read-only, full, or not ours.</summary>
        Unwritable,
    }

    /// <summary>Takes the lock at <paramref name="path"/> without waiting; <paramref name="reason"/> says why not when <see cref="Outcome.Unwritable"/>.</summary>
    public static Outcome TryTake(string path, out FileStream? held, out string? reason)
    {
        held = null;
        reason = null;
        try
        {
            held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
            return Outcome.Held;
        }
        catch (IOException e) when (IsHeldByAnother(e))
        {
            return Outcome.Busy;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = e.Message;
            return Outcome.Unwritable;
        }
    }

    /// <summary>
    /// Whether an exclusive open failed only because another handle holds the file's lock (this lock, or the index's,
    /// <c>Bot.Core.Indexing.IndexLock</c>): on Unix .NET's flock reports EWOULDBLOCK as the exception's HResult (the raw
    /// errno: 11 on Linux, 35 on macOS and FreeBSD); on Windows a sharing or lock violation (32, 33).
    /// </summary>
    internal static bool IsHeldByAnother(IOException e)
    {
        if (OperatingSystem.IsWindows()) return (e.HResult & 0xFFFF) is 32 or 33;
        return e.HResult == (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? 35 : 11);
    }
}
