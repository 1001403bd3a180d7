using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Bot.Core.Embeddings;

/// <summary>
/// ONNX Runtime optimises a model's graph (fusing attention, layer norm, GELU) on every load, then "prepacks" each
/// MatMul's weights into a second, kernel-ready copy in memory. The first load saves both beside the model: the
/// optimised graph as a small ONNX file (<c>model.onnx.optimized-KEY.onnx</c>) whose weights, and the prepacked copies,
/// are in one page-aligned side file (<c>model.onnx.optimized-KEY.ID.data</c>). Later loads read the graph with
/// optimisation off and ONNX Runtime memory-maps the side file: the weights are the page cache's pages, neither read into
/// the process nor prepacked again (a one-shot <c>bot ask</c>: ~30 000 fewer page faults and ~85 MB less resident).
/// The key covers the model file's size and time, ONNX Runtime's version and the CPU (the prepacked layout depends on
/// the instruction set the kernels chose); a changed key writes a new pair and deletes the older files. A pair that
/// fails to load is deleted and written again, under the writers' lock; a folder that cannot be written (one warning),
/// or another process writing the pair at that moment, loads the model as it is (the policy: <see cref="ModelCacheLock"/>).
/// </summary>
internal static class OptimizedModelCache
{
    // Extended, not All: the optimised file must not hold the layout transformations All adds for the machine it ran on
    // (none apply to a BERT graph).
    private const GraphOptimizationLevel SavedLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED;

    private static readonly Lazy<string> Cpu = new(CpuIdentity);

    /// <summary>
    /// A session for <paramref name="modelPath"/> made with options from <paramref name="newOptions"/> (a fresh object
    /// each call: ONNX Runtime's configuration entries cannot be taken back).
    /// </summary>
    public static InferenceSession CreateSession(string modelPath, Func<SessionOptions> newOptions, ILogger logger)
    {
        var cached = PathFor(modelPath);
        if (cached is null) return New(modelPath, newOptions);
        var name = Path.GetFileName(modelPath);
        // Lock-free first look: a copy that loads is used as it is. One that does not is left alone here: it is replaced
        // (or deleted) only under the lock below, so a copy another writer has just put in place is never deleted.
        if (TryLoad(cached, newOptions) is { Session: { } loaded }) return loaded;

        // One writer at a time (the clean-up below deletes every other copy): a second process or session loads the
        // model as it is meanwhile. A folder that cannot be written (a read-only install, a full disk) does the same,
        // with one warning (ModelCacheLock: the policy every model cache follows).
        switch (ModelCacheLock.TryTake(LockPathFor(modelPath), out var writing, out var reason))
        {
            case ModelCacheLock.Outcome.Busy:
                Log.OptimizedModelCache(logger, name, "another process is writing the optimised graph; loading the model as it is");
                return New(modelPath, newOptions);
            case ModelCacheLock.Outcome.Unwritable:
                Log.ModelCacheUnwritable(logger, name, Path.GetDirectoryName(cached)!, reason!);
                return New(modelPath, newOptions);
        }

        using (writing)
        {
            // Another writer may have finished between the first look and the lock.
            var (written, error) = TryLoad(cached, newOptions);
            if (written is not null) return written;
            if (error is not null)
            {
                Log.OptimizedModelUnreadable(logger, name, cached, error);
                AtomicFile.TryDelete(cached);
            }

            return Write(modelPath, cached, newOptions, logger, name);
        }
    }

    /// <summary><c>model.onnx.optimized.lock</c> beside the model: kept on purpose (see <see cref="ModelCacheLock"/>).</summary>
    internal static string LockPathFor(string modelPath) => $"{modelPath}.optimized.lock";

    /// <summary>The session from the copy; or why the copy does not load (null when there is none).</summary>
    private static (InferenceSession? Session, string? Error) TryLoad(string cached, Func<SessionOptions> newOptions)
    {
        if (!File.Exists(cached)) return (null, null);
        try
        {
            using var options = newOptions();
            // Already optimised; the weights and their prepacked copies are mapped from the side file.
            options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL;
            return (new InferenceSession(cached, options), null);
        }
        catch (OnnxRuntimeException e)
        {
            return (null, e.Message);
        }
    }

    private static InferenceSession Write(string modelPath, string cached, Func<SessionOptions> newOptions, ILogger logger, string name)
    {
        // ONNX Runtime writes the graph and the side file while it creates the session. The side file gets a name of its
        // own (the graph refers to it by name); the graph is written to a temporary name and renamed once both are on disk.
        var id = Guid.NewGuid().ToString("N");
        var temp = $"{cached}.{id}.part";
        var data = $"{Path.GetFileNameWithoutExtension(cached)}.{id}.data";
        var folder = Path.GetDirectoryName(cached)!;
        var dataPath = Path.Combine(folder, data);
        var kept = false;
        try
        {
            InferenceSession session;
            using (var options = newOptions())
            {
                options.OptimizedModelFilePath = temp;
                options.GraphOptimizationLevel = SavedLevel;
                options.AddSessionConfigEntry("session.optimized_model_external_initializers_file_name", data);
                options.AddSessionConfigEntry("session.optimized_model_external_initializers_min_size_in_bytes", "1024");
                options.AddSessionConfigEntry("session.save_external_prepacked_constant_initializers", "1");
                session = new InferenceSession(modelPath, options);
            }

            try
            {
                // Why the flush: without it the rename can reach the disk before the data, and a crash would leave a
                // complete-looking graph over a torn side file, whose weights would then be read as they are. The folder
                // is flushed after the rename so the new name itself is on disk.
                if (File.Exists(dataPath)) AtomicFile.FlushFile(dataPath); // a model whose weights are all under 1 KB has none
                AtomicFile.FlushFile(temp);
                File.Move(temp, cached, overwrite: true);
                AtomicFile.FlushFolder(folder);
                kept = true;
                // Every other copy goes: older keys, the earlier formats, and what a writer killed half-way left (under
                // the lock no other writer is at work).
                foreach (var old in Directory.EnumerateFiles(folder, name + ".optimized-*"))
                {
                    if (old != cached && old != dataPath) AtomicFile.TryDelete(old);
                }

                Log.OptimizedModelCache(logger, name, $"optimised graph saved as {cached}, its weights in {data}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.ModelCacheUnwritable(logger, name, folder, e.Message);
            }

            return session;
        }
        catch (OnnxRuntimeException e)
        {
            // Saving failed (a full disk) or the model itself cannot be loaded: the plain load below tells which, and a
            // model that cannot be loaded throws its own error there.
            var session = New(modelPath, newOptions); // the finally below deletes the partial graph and side file
            Log.ModelCacheUnwritable(logger, name, folder, e.Message);
            return session;
        }
        finally
        {
            AtomicFile.TryDelete(temp);
            if (!kept) AtomicFile.TryDelete(dataPath);
        }
    }

    /// <summary><c>model.onnx.optimized-KEY.onnx</c> beside the model; null when the model file cannot be looked at.</summary>
    internal static string? PathFor(string modelPath)
    {
        var info = new FileInfo(modelPath);
        if (!info.Exists) return null;
        var runtime = typeof(InferenceSession).Assembly.GetName().Version?.ToString() ?? "?";
        var key = string.Create(CultureInfo.InvariantCulture, $"{info.Length}|{info.LastWriteTimeUtc.Ticks}|{runtime}|{SavedLevel}|onnx+prepacked|{Cpu.Value}");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 8));
        return $"{info.FullName}.optimized-{hash}.onnx";
    }

    /// <summary>
    /// What decides the prepacked weights' layout: the architecture and the CPU's features (ONNX Runtime's kernels pick
    /// AVX2, AVX-512, VNNI or AMX code, each with its own packing). On Linux the first processor's model and flags.
    /// </summary>
    internal static string CpuIdentity()
    {
        var identity = new StringBuilder(RuntimeInformation.ProcessArchitecture.ToString());
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                using var reader = new StreamReader("/proc/cpuinfo");
                while (reader.ReadLine() is { Length: > 0 } line)
                {
                    if (line.StartsWith("model name", StringComparison.Ordinal) || line.StartsWith("flags", StringComparison.Ordinal)
                        || line.StartsWith("Features", StringComparison.Ordinal) || line.StartsWith("CPU part", StringComparison.Ordinal))
                    {
                        identity.Append('|').Append(line);
                    }
                }

                return identity.ToString();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // fall through to what the runtime reports
        }

        identity.Append('|').Append(System.Runtime.Intrinsics.X86.Avx2.IsSupported).Append(System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
            .Append(System.Runtime.Intrinsics.X86.Avx512BW.IsSupported).Append(System.Runtime.Intrinsics.X86.AvxVnni.IsSupported)
            .Append(System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported).Append(System.Runtime.Intrinsics.Arm.Dp.IsSupported);
        return identity.ToString();
    }

    private static InferenceSession New(string modelPath, Func<SessionOptions> newOptions)
    {
        using var options = newOptions();
        return new InferenceSession(modelPath, options);
    }
}
