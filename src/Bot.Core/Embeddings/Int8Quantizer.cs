using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Embeddings;

/// <summary>
/// Dynamic int8 quantisation of an ONNX BERT model's weights (<c>Bot:Embeddings:Quantization=Int8</c>), done here
/// because ONNX Runtime's own quantiser is Python. Every MatMul whose second input is a 2-D float initializer W [K, N]
/// becomes DynamicQuantizeLinear(A) → MatMulInteger(A_u8, W_i8, a_zp, 0) → Cast → Mul(a_scale × w_scale[N]): W symmetric
/// per column (scale = max |W[:, n]| / 127), the activations uint8 per tensor at run time; ONNX Runtime fuses the
/// pattern into its int8 kernels. Everything else (embeddings, layer norms, attention scores) stays float. The copy is
/// written once beside the model (<c>model.onnx.int8-KEY.onnx</c>, keyed by the model file's size and time and
/// <see cref="Version"/>) and reused.
/// </summary>
internal static class Int8Quantizer
{
    /// <summary>Bump when the rewrite changes, so cached copies are made again.</summary>
    private const int Version = 1;

    /// <summary>
    /// The int8 copy of <paramref name="modelPath"/>, written first if missing: beside the model, or in
    /// <paramref name="fallbackFolder"/> when the model's folder cannot be written, or, when neither can take it (read-only,
    /// full), kept in memory only, with one warning (the model caches' policy, <see cref="ModelCacheLock"/>). Safe when
    /// several processes start at once and when one is killed half-way: each writes the whole copy under its own temporary
    /// name and renames it into place without overwriting (the first rename wins; the others keep that one), so a copy's
    /// name never points at a partial file and no lock is needed: a copy is never replaced, and only other keys' copies
    /// are deleted.
    /// </summary>
    /// <exception cref="EmbeddingModelException">The model cannot be read as an ONNX model.</exception>
    public static Int8Copy Ensure(string modelPath, string? fallbackFolder, ILogger logger)
    {
        var beside = BesidePath(modelPath);
        if (File.Exists(beside)) return new Int8Copy(beside, null);
        var elsewhere = fallbackFolder is null ? null : FallbackPath(modelPath, fallbackFolder);
        if (elsewhere is not null && File.Exists(elsewhere)) return new Int8Copy(elsewhere, null);
        // Quantised once, on first need: a model folder that cannot take the copy sends the same model to the fallback.
        (OnnxModel Model, int Quantized)? made = null;
        (OnnxModel Model, int Quantized) Quantized() => made ??= Quantize(modelPath);
        try
        {
            try
            {
                return new Int8Copy(Write(Quantized, beside, logger), null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (elsewhere is null)
                {
                    Log.ModelCacheUnwritable(logger, Path.GetFileName(beside), Path.GetDirectoryName(beside)!, e.Message);
                    return new Int8Copy(null, Quantized().Model.ToByteArray());
                }

                try
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(elsewhere)!);
                    var path = Write(Quantized, elsewhere, logger);
                    Log.Int8ModelElsewhere(logger, Path.GetDirectoryName(modelPath)!, e.Message, path);
                    return new Int8Copy(path, null);
                }
                catch (Exception again) when (again is IOException or UnauthorizedAccessException)
                {
                    Log.ModelCacheUnwritable(logger, Path.GetFileName(beside), $"{Path.GetDirectoryName(beside)} ({e.Message}) nor {Path.GetDirectoryName(elsewhere)}", again.Message);
                    return new Int8Copy(null, Quantized().Model.ToByteArray());
                }
            }
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new EmbeddingModelException($"'{modelPath}' cannot be read as an ONNX model for its int8 copy (Bot:Embeddings:Quantization=Int8): {e.Message}", e);
        }
    }

    /// <summary><c>model.onnx.int8-KEY.onnx</c> beside the model, KEY from the model file's size and time and <see cref="Version"/>.</summary>
    internal static string BesidePath(string modelPath)
    {
        var info = new FileInfo(modelPath);
        return $"{info.FullName}.int8-{KeyOf(info)}.onnx";
    }

    /// <summary>The copy's name in <paramref name="folder"/>: the model's folder name and a hash of its full path, so two models do not share one.</summary>
    internal static string FallbackPath(string modelPath, string folder)
    {
        var info = new FileInfo(modelPath);
        var place = Hash(info.FullName);
        return Path.Combine(Path.GetFullPath(folder), $"{Path.GetFileName(info.DirectoryName)}-{place}.{info.Name}.int8-{KeyOf(info)}.onnx");
    }

    private static string KeyOf(FileInfo info) => Hash(string.Create(CultureInfo.InvariantCulture, $"{info.Length}|{info.LastWriteTimeUtc.Ticks}|{Version}"));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));

    /// <summary>Writes the <paramref name="quantize"/>d model to <paramref name="target"/> (<see cref="AtomicFile"/>) unless another process did first.</summary>
    private static string Write(Func<(OnnxModel Model, int Quantized)> quantize, string target, ILogger logger)
    {
        var (model, quantized) = quantize();
        if (!AtomicFile.Write(target, output => model.WriteTo(output), overwrite: false))
            return target; // another process renamed its copy first: the same bytes, and possibly in use already

        Log.Int8ModelWritten(logger, quantized, target);
        RemoveOlder(target, logger);
        return target;
    }

    /// <summary>Copies of the model before it changed (other keys) and temporary files left by killed processes over an hour ago.</summary>
    private static void RemoveOlder(string target, ILogger logger)
    {
        var name = Path.GetFileName(target);
        var prefix = name[..(name.LastIndexOf(".int8-", StringComparison.Ordinal) + ".int8-".Length)];
        var folder = Path.GetDirectoryName(target)!;
        foreach (var file in Directory.EnumerateFiles(folder, prefix + "*"))
        {
            if (file.EndsWith(".part", StringComparison.Ordinal) || file.StartsWith(target, StringComparison.Ordinal)) continue; // parts below; this copy and its optimised graph
            AtomicFile.TryDelete(file);
        }

        // Younger parts may still be being written by another process.
        PartialFiles.DeleteStale(folder, TimeSpan.FromHours(1), part => part.StartsWith(prefix, StringComparison.Ordinal), logger);
    }

    /// <summary>
    /// <paramref name="source"/> with int8 MatMul weights, and how many MatMuls changed; <paramref name="which"/>, when
    /// given, picks the MatMuls to quantise (the others stay float).
    /// </summary>
    public static (OnnxModel Model, int Quantized) Quantize(string source, Func<MatMulSite, bool>? which = null)
    {
        var model = OnnxModel.Parser.ParseFrom(File.ReadAllBytes(source));
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var consumers = graph.Node.SelectMany(n => n.Input).GroupBy(i => i, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var nodes = new List<OnnxNode>();
        var dropped = new HashSet<string>(StringComparer.Ordinal);
        int site = 0;
        foreach (var node in graph.Node)
        {
            // Only a standard MatMul by a float matrix that nothing else reads.
            if (node.OpType != "MatMul" || node.Domain is { Length: > 0 } || node.Input.Count != 2 || !initializers.TryGetValue(node.Input[1], out var w)
                || w.DataType != FloatType || w.Dims.Count != 2 || consumers[w.Name] != 1)
            {
                nodes.Add(node);
                continue;
            }

            int k = checked((int)w.Dims[0]), n = checked((int)w.Dims[1]);
            if (which is not null && !which(new MatMulSite(site++, k, n)))
            {
                nodes.Add(node);
                continue;
            }

            var values = w.RawData.Length > 0 ? MemoryMarshal.Cast<byte, float>(w.RawData.Span).ToArray() : w.FloatData.ToArray();
            var (q, scales) = Columns(values, k, n);
            string p = node.Output[0] + "_int8";
            dropped.Add(w.Name);
            graph.Initializer.Add(new OnnxTensor { Name = p + "_w", DataType = Int8Type, Dims = { k, n }, RawData = ByteString.CopyFrom(q) });
            graph.Initializer.Add(new OnnxTensor { Name = p + "_wzp", DataType = Int8Type, RawData = ByteString.CopyFrom([0]) });
            graph.Initializer.Add(new OnnxTensor { Name = p + "_ws", DataType = FloatType, Dims = { n }, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(scales.AsSpan())) });
            nodes.Add(new OnnxNode { OpType = "DynamicQuantizeLinear", Name = p + "_dq", Input = { node.Input[0] }, Output = { p + "_a", p + "_as", p + "_azp" } });
            nodes.Add(new OnnxNode { OpType = "MatMulInteger", Name = p + "_mm", Input = { p + "_a", p + "_w", p + "_azp", p + "_wzp" }, Output = { p + "_i32" } });
            nodes.Add(new OnnxNode { OpType = "Cast", Name = p + "_cast", Input = { p + "_i32" }, Output = { p + "_f" }, Attribute = { new OnnxAttribute { Name = "to", I = FloatType, Type = IntAttribute } } });
            nodes.Add(new OnnxNode { OpType = "Mul", Name = p + "_scale", Input = { p + "_as", p + "_ws" }, Output = { p + "_s" } });
            nodes.Add(new OnnxNode { OpType = "Mul", Name = p + "_out", Input = { p + "_f", p + "_s" }, Output = { node.Output[0] } });
        }

        int quantized = dropped.Count;
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        var kept = graph.Initializer.Where(t => !dropped.Contains(t.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(kept);
        // DynamicQuantizeLinear needs opset 11.
        if (model.OpsetImport.FirstOrDefault(o => o.Domain is null or "") is { } opset && opset.Version < 11) opset.Version = 11;
        return (model, quantized);
    }

    /// <summary>W [K, N] row-major as int8 (two's complement bytes) with one symmetric scale per column.</summary>
    internal static (byte[] Values, float[] Scales) Columns(float[] values, int k, int n)
    {
        var scales = new float[n];
        for (int r = 0; r < k; r++)
        {
            for (int c = 0; c < n; c++) scales[c] = Math.Max(scales[c], Math.Abs(values[(r * n) + c]));
        }

        for (int c = 0; c < n; c++) scales[c] = scales[c] > 0 ? scales[c] / 127f : 1f;
        var q = new byte[k * n];
        for (int r = 0; r < k; r++)
        {
            for (int c = 0; c < n; c++) q[(r * n) + c] = unchecked((byte)(sbyte)Math.Clamp(MathF.Round(values[(r * n) + c] / scales[c]), -127f, 127f));
        }

        return (q, scales);
    }

    private const int FloatType = 1, Int8Type = 3, IntAttribute = 2;
}
