using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Bot.Core.Embeddings;

/// <summary>
/// ONNX Runtime optimises a model's graph (fusing attention, layer norm, GELU) on every load: about a third of creating
/// the session. The first load saves the optimised graph next to the model under a name keyed by the model file's size
/// and time and ONNX Runtime's version; later loads read that and skip the optimisation. A changed model or runtime gets
/// a new key (older copies are deleted when it is written); a cached copy that fails to load is deleted and the model
/// loaded as before; a folder that cannot be written is left alone.
/// </summary>
internal static class OptimizedModelCache
{
    // Extended, not All: the optimised file must not hold the layout transformations All adds for the machine it ran on
    // (none apply to a BERT graph, and the file may be read on another CPU).
    private const GraphOptimizationLevel SavedLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED;

    public static InferenceSession CreateSession(string modelPath, SessionOptions options, ILogger logger)
    {
        var cached = PathFor(modelPath);
        if (cached is null) return new InferenceSession(modelPath, options);
        var name = Path.GetFileName(modelPath);
        var level = options.GraphOptimizationLevel;
        if (File.Exists(cached))
        {
            try
            {
                // Already optimised: only the basic (constant folding, redundant node) passes are left to run.
                options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC;
                return new InferenceSession(cached, options);
            }
            catch (OnnxRuntimeException e)
            {
                Log.OptimizedModelCache(logger, name, $"the optimised copy {cached} could not be loaded ({e.Message}); optimising again");
                TryDelete(cached);
            }
            finally
            {
                options.GraphOptimizationLevel = level;
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
            return new InferenceSession(modelPath, options);
        }
        try
        {
            options.OptimizedModelFilePath = temp;
            options.GraphOptimizationLevel = SavedLevel;
            InferenceSession session;
            try
            {
                session = new InferenceSession(modelPath, options);
            }
            finally
            {
                options.OptimizedModelFilePath = "";
                options.GraphOptimizationLevel = level;
            }
            try
            {
                foreach (var old in Directory.EnumerateFiles(Path.GetDirectoryName(cached)!, name + ".optimized-*.onnx"))
                    if (old != cached) TryDelete(old);
                File.Move(temp, cached, overwrite: true);
                Log.OptimizedModelCache(logger, name, $"optimised graph saved as {cached}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.OptimizedModelCache(logger, name, $"the optimised graph could not be kept ({e.Message})");
            }
            return session;
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary><c>model.onnx.optimized-KEY.onnx</c> beside the model; null when the model file cannot be looked at.</summary>
    internal static string? PathFor(string modelPath)
    {
        var info = new FileInfo(modelPath);
        if (!info.Exists) return null;
        var runtime = typeof(InferenceSession).Assembly.GetName().Version?.ToString() ?? "?";
        var key = string.Create(CultureInfo.InvariantCulture, $"{info.Length}|{info.LastWriteTimeUtc.Ticks}|{runtime}|{SavedLevel}");
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)).AsSpan(0, 8));
        return $"{info.FullName}.optimized-{hash}.onnx";
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
