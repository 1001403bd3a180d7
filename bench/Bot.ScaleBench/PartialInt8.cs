using Bot.Core.Embeddings;
using Google.Protobuf;

namespace Bot.ScaleBench;

/// <summary>
/// `--write-int8 SPEC FROM TO`: copies the model folder FROM to TO with some of its MatMuls quantised to int8
/// (<see cref="Int8Quantizer"/>), for `--embed-model TO` and `Bot__Embeddings__ModelPath=TO`. SPEC: <c>all</c>,
/// <c>ffn</c> (both feed-forward MatMuls of each layer), <c>ffn-in</c>, <c>ffn-out</c>, <c>attn</c> (the four
/// hidden × hidden ones) or <c>no-ffn-out</c> (all but the feed-forward output), optionally followed by <c>/float=0,5</c>: layers left float.
/// </summary>
internal static class PartialInt8
{
    public static int Write(string spec, string from, string to)
    {
        var parts = spec.Split('/');
        var floatLayers = parts.Length > 1 && parts[1].StartsWith("float=", StringComparison.Ordinal)
            ? parts[1]["float=".Length..].Split(',').Select(int.Parse).ToHashSet() : [];
        Func<MatMulSite, bool> role = parts[0] switch
        {
            "all" => _ => true,
            "ffn" => s => s.IsFeedForwardIn || s.IsFeedForwardOut,
            "ffn-in" => s => s.IsFeedForwardIn,
            "ffn-out" => s => s.IsFeedForwardOut,
            "attn" => s => !s.IsFeedForwardIn && !s.IsFeedForwardOut,
            "no-ffn-out" => s => !s.IsFeedForwardOut,
            _ => throw new ArgumentException($"--write-int8: unknown SPEC '{spec}'"),
        };
        var (model, quantized) = Int8Quantizer.Quantize(Path.Combine(from, "model.onnx"), s => role(s) && !floatLayers.Contains(s.Layer));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith("model.onnx", StringComparison.Ordinal)))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
        using (var output = File.Create(Path.Combine(to, "model.onnx"))) model.WriteTo(output);
        Console.WriteLine($"{spec}: {quantized} MatMuls quantised, written to {to}");
        return 0;
    }
}
