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

    /// <summary>The int8 copy of <paramref name="modelPath"/>, written first if missing.</summary>
    /// <exception cref="EmbeddingModelException">The model cannot be read or the copy cannot be written.</exception>
    public static string Ensure(string modelPath, ILogger logger)
    {
        var info = new FileInfo(modelPath);
        var key = string.Create(CultureInfo.InvariantCulture, $"{info.Length}|{info.LastWriteTimeUtc.Ticks}|{Version}");
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)).AsSpan(0, 8));
        var target = $"{info.FullName}.int8-{hash}.onnx";
        if (File.Exists(target)) return target;
        var temp = $"{target}.{Guid.NewGuid():N}.part";
        try
        {
            var quantized = Quantize(modelPath, temp);
            foreach (var old in Directory.EnumerateFiles(info.DirectoryName!, info.Name + ".int8-*.onnx")) File.Delete(old);
            File.Move(temp, target, overwrite: true);
            Log.Int8ModelWritten(logger, quantized, target);
            return target;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidProtocolBufferException)
        {
            throw new EmbeddingModelException($"Could not write the int8 copy of '{modelPath}' (Bot:Embeddings:Quantization=Int8): {e.Message}", e);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Writes <paramref name="source"/> with int8 MatMul weights to <paramref name="target"/>; returns how many MatMuls changed.</summary>
    public static int Quantize(string source, string target)
    {
        var model = OnnxModel.Parser.ParseFrom(File.ReadAllBytes(source));
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var consumers = graph.Node.SelectMany(n => n.Input).GroupBy(i => i, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var nodes = new List<OnnxNode>();
        var dropped = new HashSet<string>(StringComparer.Ordinal);
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
        using (var file = File.Create(target)) model.WriteTo(file);
        return quantized;
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
