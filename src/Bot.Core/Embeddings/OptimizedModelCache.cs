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
/// fails to load is deleted and written again; a folder that cannot be written, or another process writing the pair at
/// that moment, loads the model as it is.
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
        if (TryLoad(cached, newOptions, logger, name) is { } loaded) return loaded;

        // One writer at a time (the clean-up below deletes every other copy): a second process or session loads the
        // model as it is meanwhile. A folder that cannot be written (a read-only install) does the same.
        FileStream writing;
        try
        {
            writing = new FileStream($"{modelPath}.optimized.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return New(modelPath, newOptions);
        }

        using (writing)
        {
            // Another writer may have finished between the first look and the lock.
            if (TryLoad(cached, newOptions, logger, name) is { } written) return written;
            return Write(modelPath, cached, newOptions, logger, name);
        }
    }

    private static InferenceSession? TryLoad(string cached, Func<SessionOptions> newOptions, ILogger logger, string name)
    {
        if (!File.Exists(cached)) return null;
        try
        {
            using var options = newOptions();
            // Already optimised; the weights and their prepacked copies are mapped from the side file.
            options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL;
            return new InferenceSession(cached, options);
        }
        catch (OnnxRuntimeException e)
        {
            Log.OptimizedModelUnreadable(logger, name, cached, e.Message);
            AtomicFile.TryDelete(cached);
            return null;
        }
    }

    private static InferenceSession Write(string modelPath, string cached, Func<SessionOptions> newOptions, ILogger logger, string name)
    {
        // ONNX Runtime writes the graph and the side file while it creates the session. The side file gets a name of its
        // own (the graph refers to it by name); the graph is written to a temporary name and renamed once both are on disk.
        var id = Guid.NewGuid().ToString("N");
        var temp = $"{cached}.{id}.part";
        var data = $"{Path.GetFileNameWithoutExtension(cached)}.{id}.data";
        var dataPath = Path.Combine(Path.GetDirectoryName(cached)!, data);
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
                // complete-looking graph over a torn side file, whose weights would then be read as they are.
                if (File.Exists(dataPath)) FlushToDisk(dataPath); // a model whose weights are all under 1 KB has none
                FlushToDisk(temp);
                File.Move(temp, cached, overwrite: true);
                kept = true;
                // Every other copy goes: older keys, the earlier formats, and what a writer killed half-way left (under
                // the lock no other writer is at work).
                foreach (var old in Directory.EnumerateFiles(Path.GetDirectoryName(cached)!, name + ".optimized-*"))
                {
                    if (old != cached && old != dataPath) AtomicFile.TryDelete(old);
                }

                Log.OptimizedModelCache(logger, name, $"optimised graph saved as {cached}, its weights in {data}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.OptimizedModelCache(logger, name, $"the optimised graph could not be kept ({e.Message})");
            }

            return session;
        }
        catch (OnnxRuntimeException e)
        {
            // Saving failed (a full disk) or the model itself cannot be loaded: the plain load below tells which, and a
            // model that cannot be loaded throws its own error there.
            Log.OptimizedModelCache(logger, name, $"the optimised graph could not be written ({e.Message}); loading the model as it is");
            return New(modelPath, newOptions); // the finally below deletes the partial graph and side file
        }
        finally
        {
            AtomicFile.TryDelete(temp);
            if (!kept) AtomicFile.TryDelete(dataPath);
        }
    }

    private static void FlushToDisk(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 1);
        file.Flush(flushToDisk: true);
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
