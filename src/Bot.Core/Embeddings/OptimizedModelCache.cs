using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Bot.Core.Embeddings;

/// <summary>
/// ONNX Runtime optimises a model's graph (fusing attention, layer norm, GELU) on every load: about a third of creating
/// the session. The first load saves the optimised graph next to the model, in ONNX Runtime's own (flatbuffer) format,
/// under a name keyed by the model file's size and time and ONNX Runtime's version; later loads read that file into one
/// pinned buffer that the session uses in place (its weights are not copied out of it) with graph optimisation off. A
/// changed model or runtime gets a new key (older copies are deleted when it is written); a cached copy that fails to
/// load is deleted and the model loaded as before; a folder that cannot be written is left alone.
/// </summary>
internal static class OptimizedModelCache
{
    // Extended, not All: the optimised file must not hold the layout transformations All adds for the machine it ran on
    // (none apply to a BERT graph, and the file may be read on another CPU).
    private const GraphOptimizationLevel SavedLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED;

    /// <summary>
    /// A session for <paramref name="modelPath"/> made with options from <paramref name="newOptions"/> (a fresh object
    /// each call: ONNX Runtime's configuration entries cannot be taken back). <c>Bytes</c>, when not null, is the
    /// pinned buffer the session reads its weights from: keep it as long as the session.
    /// </summary>
    public static (InferenceSession Session, byte[]? Bytes) CreateSession(string modelPath, Func<SessionOptions> newOptions, ILogger logger)
    {
        var cached = PathFor(modelPath);
        if (cached is null) return (New(modelPath, newOptions), null);
        var name = Path.GetFileName(modelPath);
        if (File.Exists(cached))
        {
            try
            {
                var bytes = ReadPinned(cached);
                using var options = newOptions();
                // Already optimised, and an ONNX Runtime format model takes no more graph passes than these anyway.
                options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL;
                options.AddSessionConfigEntry("session.use_ort_model_bytes_directly", "1");
                options.AddSessionConfigEntry("session.use_ort_model_bytes_for_initializers", "1");
                return (new InferenceSession(bytes, options), bytes);
            }
            catch (Exception e) when (e is OnnxRuntimeException or IOException)
            {
                Log.OptimizedModelCache(logger, name, $"the optimised copy {cached} could not be loaded ({e.Message}); optimising again");
                TryDelete(cached);
            }
        }

        // ONNX Runtime writes the optimised graph while it creates the session: to a temporary name, renamed once whole.
        var temp = $"{cached}.{Guid.NewGuid():N}.part";
        try
        {
            File.WriteAllBytes(temp, []); // the folder is writable (a read-only model folder costs nothing more)
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (New(modelPath, newOptions), null);
        }
        try
        {
            InferenceSession session;
            using (var options = newOptions())
            {
                options.OptimizedModelFilePath = temp;
                options.GraphOptimizationLevel = SavedLevel;
                options.AddSessionConfigEntry("session.save_model_format", "ORT"); // the name does not end in .ort
                session = new InferenceSession(modelPath, options);
            }
            try
            {
                foreach (var old in Directory.EnumerateFiles(Path.GetDirectoryName(cached)!, name + ".optimized-*"))
                    if (old != cached && !old.EndsWith(".part", StringComparison.Ordinal)) TryDelete(old);
                File.Move(temp, cached, overwrite: true);
                Log.OptimizedModelCache(logger, name, $"optimised graph saved as {cached}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.OptimizedModelCache(logger, name, $"the optimised graph could not be kept ({e.Message})");
            }
            return (session, null);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary><c>model.onnx.optimized-KEY.ort</c> beside the model; null when the model file cannot be looked at.</summary>
    internal static string? PathFor(string modelPath)
    {
        var info = new FileInfo(modelPath);
        if (!info.Exists) return null;
        var runtime = typeof(InferenceSession).Assembly.GetName().Version?.ToString() ?? "?";
        var key = string.Create(CultureInfo.InvariantCulture, $"{info.Length}|{info.LastWriteTimeUtc.Ticks}|{runtime}|{SavedLevel}|ort");
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)).AsSpan(0, 8));
        return $"{info.FullName}.optimized-{hash}.ort";
    }

    private static InferenceSession New(string modelPath, Func<SessionOptions> newOptions)
    {
        using var options = newOptions();
        return new InferenceSession(modelPath, options);
    }

    /// <summary>The whole file in an array that the garbage collector never moves (the session keeps pointers into it).</summary>
    private static byte[] ReadPinned(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        if (stream.Length is 0 or > int.MaxValue) throw new IOException($"'{path}' is empty or too large ({stream.Length} bytes)");
        var bytes = GC.AllocateUninitializedArray<byte>((int)stream.Length, pinned: true);
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
