using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bot.Core.Search.Vectors;

/// <summary>
/// An in-memory matrix of unit-length vectors with brute-force cosine top-k search
/// (<see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/> per row).
/// Vectors are normalised when added, so scores are cosine similarities whatever the caller stored.
/// Adding is not thread-safe; once built, any number of threads may search concurrently.
/// Brute force is exact; from <see cref="QuantizedMinRows"/> rows on, the scan first reads an int8 copy of the matrix
/// (a quarter of the memory traffic: 38 MB instead of 150 MB at 100k × 384 dims) and then scores exactly, in float32, every
/// row whose int8 score plus its proven error bound could still reach the k-th best exact score — so the hits, their
/// scores and their order are exactly those of the float32 scan (<see cref="SearchExact"/>).
/// </summary>
public sealed class VectorIndex
{
    /// <summary>Below this many rows the float32 scan alone runs (the int8 pass would not pay for itself).</summary>
    internal const int QuantizedMinRows = 4096;

    private float[] _matrix;
    private long[] _ids;
    // The int8 copy: row r is round(v / scale[r]) with scale[r] = max |v| / 127; l1[r] = Σ |v| (for the error bound).
    private sbyte[] _codes;
    private float[] _scales;
    private float[] _l1;

    public VectorIndex(int dimensions, int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Dimensions = dimensions;
        _matrix = new float[checked(capacity * dimensions)];
        _ids = new long[capacity];
        _codes = new sbyte[checked(capacity * dimensions)];
        _scales = new float[capacity];
        _l1 = new float[capacity];
    }

    /// <summary>Length of every vector in the index.</summary>
    public int Dimensions { get; }

    /// <summary>Number of vectors added.</summary>
    public int Count { get; private set; }

    /// <summary>Builds an index from stored blobs (all of one encoding and dimension count).</summary>
    public static VectorIndex FromBlobs(IEnumerable<KeyValuePair<long, byte[]>> blobs, int dimensions, VectorEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var index = new VectorIndex(dimensions, blobs is ICollection<KeyValuePair<long, byte[]>> c ? c.Count : 0);
        foreach (var (id, blob) in blobs)
        {
            index.AddBlob(id, blob, encoding);
        }

        return index;
    }

    /// <summary>Adds a vector under <paramref name="id"/> (ids need not be unique or ordered; each add is one row).</summary>
    public void Add(long id, ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"Vector for id {id} has {vector.Length} dimensions; this index holds {Dimensions}.", nameof(vector));
        }

        var row = NextRow(id);
        vector.CopyTo(row);
        Normalize(row);
        Quantize(Count - 1);
    }

    /// <summary>Decodes a blob (see <see cref="VectorBlob"/>) and adds it under <paramref name="id"/>.</summary>
    public void AddBlob(long id, ReadOnlySpan<byte> blob, VectorEncoding encoding)
    {
        var dimensions = VectorBlob.Dimensions(blob.Length, encoding);
        if (dimensions != Dimensions)
        {
            throw new ArgumentException($"Blob for id {id} holds {dimensions} dimensions; this index holds {Dimensions}.", nameof(blob));
        }

        var row = NextRow(id);
        VectorBlob.Decode(blob, encoding, row);
        Normalize(row);
        Quantize(Count - 1);
    }

    /// <summary>The <paramref name="k"/> vectors most similar to <paramref name="query"/>, best first (ties: lower row first).</summary>
    public IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int k) => Search(query, k, filter: null);

    /// <summary>
    /// The <paramref name="k"/> vectors most similar to <paramref name="query"/> among those whose id passes
    /// <paramref name="filter"/>, best first.
    /// </summary>
    public IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int k, Func<long, bool>? filter) =>
        Count >= QuantizedMinRows ? SearchQuantized(query, k, filter) : SearchExact(query, k, filter);

    /// <summary>
    /// Checks the query's arguments shared by both scans; false when nothing can match (k = 0, an empty index, a zero or
    /// non-finite query), else the query's norm.
    /// </summary>
    private bool TryQueryNorm(ReadOnlySpan<float> query, int k, out float norm)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"Query has {query.Length} dimensions; this index holds {Dimensions}.", nameof(query));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(k);
        norm = k == 0 || Count == 0 ? 0 : TensorPrimitives.Norm(query);
        return norm != 0 && float.IsFinite(norm);
    }

    /// <summary>The float32 scan of every row: the reference the int8 pass must reproduce.</summary>
    internal IReadOnlyList<VectorHit> SearchExact(ReadOnlySpan<float> query, int k, Func<long, bool>? filter)
    {
        if (!TryQueryNorm(query, k, out var norm))
        {
            return [];
        }

        // Min-heap of the best k so far: the root is the weakest kept hit. Priority orders by score, then by row
        // (a later row is "weaker" on ties), so results are deterministic.
        var heap = new PriorityQueue<int, (float Score, int Row)>(k + 1, WeakestFirst.Instance);
        var matrix = _matrix.AsSpan(0, Count * Dimensions);
        for (var row = 0; row < Count; row++)
        {
            if (filter is not null && !filter(_ids[row]))
            {
                continue;
            }

            var score = TensorPrimitives.Dot(query, matrix.Slice(row * Dimensions, Dimensions)) / norm;
            if (heap.Count < k)
            {
                heap.Enqueue(row, (score, row));
            }
            else if (heap.TryPeek(out _, out var weakest) && score > weakest.Score)
            {
                heap.EnqueueDequeue(row, (score, row));
            }
        }

        return Drain(heap);
    }

    /// <summary>
    /// Two passes with the result of <see cref="SearchExact"/>. The int8 pass gives every row an estimate a and a bound e
    /// with |exact − a| ≤ e (below); the best rows by estimate are scored exactly, which fixes θ, the k-th best exact score
    /// so far; then every other row with a + e ≥ θ is scored exactly too. A row left out has exact ≤ a + e &lt; θ, below k
    /// rows already scored exactly, so it cannot be among the k best, nor tie with the k-th.
    /// </summary>
    internal IReadOnlyList<VectorHit> SearchQuantized(ReadOnlySpan<float> query, int k, Func<long, bool>? filter)
    {
        if (!TryQueryNorm(query, k, out var norm))
        {
            return [];
        }

        // The unit query u, quantised as the rows are: u ≈ qScale · q.
        var unit = new float[Dimensions];
        TensorPrimitives.Divide(query, norm, unit);
        var qScale = TensorPrimitives.MaxMagnitude(unit) / 127f;
        if (qScale == 0 || !float.IsFinite(qScale))
        {
            return SearchExact(query, k, filter);
        }

        var q = new short[Dimensions];
        for (var d = 0; d < Dimensions; d++)
        {
            q[d] = (short)Math.Round(unit[d] / qScale);
        }

        var qL1 = TensorPrimitives.SumOfMagnitudes(unit);
        // With v = s·r + ε (|ε_d| ≤ s/2) and u = t·q + δ (|δ_d| ≤ t/2): v·u − s·t·(r·q) = ε·u + v·δ − ε·δ, so
        // |error| ≤ s/2 · Σ|u| + t/2 · Σ|v| + D·s·t/4. Plus a margin for float32 rounding in both scores.
        const float Rounding = 1e-4f;
        var upper = ArrayPool<float>.Shared.Rent(Count);
        try
        {
            var estimate = new PriorityQueue<int, (float Score, int Row)>(k + 1, WeakestFirst.Instance);
            var take = Math.Min(Count, Math.Max(k * 2, k + 16));
            var codes = _codes.AsSpan(0, Count * Dimensions);
            for (var row = 0; row < Count; row++)
            {
                if (filter is not null && !filter(_ids[row]))
                {
                    upper[row] = float.NaN; // never scored (NaN ≥ θ is false)
                    continue;
                }

                var s = _scales[row];
                var a = s * qScale * DotInt8(codes.Slice(row * Dimensions, Dimensions), q);
                upper[row] = float.IsNaN(s) ? float.PositiveInfinity : a + (s / 2 * qL1) + (qScale / 2 * _l1[row]) + (Dimensions * s * qScale / 4) + Rounding;
                if (estimate.Count < take)
                {
                    estimate.Enqueue(row, (a, row));
                }
                else if (estimate.TryPeek(out _, out var weakest) && a > weakest.Score)
                {
                    estimate.EnqueueDequeue(row, (a, row));
                }
            }

            var matrix = _matrix.AsSpan(0, Count * Dimensions);
            var heap = new PriorityQueue<int, (float Score, int Row)>(k + 1, WeakestFirst.Instance);
            while (estimate.TryDequeue(out var row, out _))
            {
                // The very expression of SearchExact, so a row's score is bit-equal in both scans.
                Offer(heap, k, row, TensorPrimitives.Dot(query, matrix.Slice(row * Dimensions, Dimensions)) / norm);
                upper[row] = float.NaN; // scored
            }

            var threshold = heap.Count == k && heap.TryPeek(out _, out var kth) ? kth.Score : float.NegativeInfinity;
            for (var row = 0; row < Count; row++)
            {
                if (upper[row] >= threshold)
                {
                    Offer(heap, k, row, TensorPrimitives.Dot(query, matrix.Slice(row * Dimensions, Dimensions)) / norm);
                }
            }

            return Drain(heap);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(upper);
        }
    }

    /// <summary>Keeps the best k under (score descending, row ascending), whatever order rows arrive in.</summary>
    private static void Offer(PriorityQueue<int, (float Score, int Row)> heap, int k, int row, float score)
    {
        if (heap.Count < k)
        {
            heap.Enqueue(row, (score, row));
        }
        else if (heap.TryPeek(out _, out var weakest) && WeakestFirst.Instance.Compare((score, row), weakest) > 0)
        {
            heap.EnqueueDequeue(row, (score, row));
        }
    }

    private VectorHit[] Drain(PriorityQueue<int, (float Score, int Row)> heap)
    {
        var hits = new VectorHit[heap.Count];
        for (var i = hits.Length - 1; i >= 0; i--)
        {
            heap.TryDequeue(out var row, out var priority);
            hits[i] = new VectorHit(_ids[row], Math.Clamp(priority.Score, -1f, 1f));
        }

        return hits;
    }

    /// <summary>Σ r_d · q_d over int8 codes and an int16 query (AVX2: 16 dimensions per multiply-add).</summary>
    private static int DotInt8(ReadOnlySpan<sbyte> row, ReadOnlySpan<short> query)
    {
        var d = 0;
        var sum = 0;
        if (Avx2.IsSupported && row.Length >= 16)
        {
            ref var r = ref MemoryMarshal.GetReference(row);
            ref var q = ref MemoryMarshal.GetReference(query);
            var acc = Vector256<int>.Zero;
            for (; d <= row.Length - 16; d += 16)
            {
                var codes = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref r, d))).AsSByte());
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(codes, Vector256.LoadUnsafe(ref q, (nuint)d)));
            }

            sum = Vector256.Sum(acc);
        }

        for (; d < row.Length; d++)
        {
            sum += row[d] * query[d];
        }

        return sum;
    }

    /// <summary>The int8 copy of row <paramref name="row"/> (already unit length).</summary>
    private void Quantize(int row)
    {
        var values = _matrix.AsSpan(row * Dimensions, Dimensions);
        var codes = _codes.AsSpan(row * Dimensions, Dimensions);
        var scale = TensorPrimitives.MaxMagnitude(values) / 127f;
        if (scale == 0 || !float.IsFinite(scale))
        {
            // A zero row scores exactly 0, within the bound of codes 0 and scale 0. A row with a non-finite value (a
            // corrupt blob) gets a NaN scale, which makes the scan always score it exactly.
            codes.Clear();
            _scales[row] = scale == 0 ? 0 : float.NaN;
            _l1[row] = 0;
            return;
        }

        for (var d = 0; d < Dimensions; d++)
        {
            codes[d] = (sbyte)Math.Clamp(Math.Round(values[d] / scale), -127, 127);
        }

        _scales[row] = scale;
        _l1[row] = TensorPrimitives.SumOfMagnitudes(values);
    }

    private Span<float> NextRow(long id)
    {
        if (Count == _ids.Length)
        {
            var capacity = Math.Max(16, _ids.Length * 2);
            Array.Resize(ref _ids, capacity);
            Array.Resize(ref _matrix, checked(capacity * Dimensions));
            Array.Resize(ref _codes, checked(capacity * Dimensions));
            Array.Resize(ref _scales, capacity);
            Array.Resize(ref _l1, capacity);
        }

        _ids[Count] = id;
        var row = _matrix.AsSpan(Count * Dimensions, Dimensions);
        Count++;
        return row;
    }

    /// <summary>Scales <paramref name="row"/> to unit length in place (a zero or non-finite norm leaves it as is).</summary>
    internal static void Normalize(Span<float> row)
    {
        var norm = TensorPrimitives.Norm(row);
        if (norm > 0 && float.IsFinite(norm))
        {
            TensorPrimitives.Divide(row, norm, row);
        }
    }

    private sealed class WeakestFirst : IComparer<(float Score, int Row)>
    {
        public static readonly WeakestFirst Instance = new();

        public int Compare((float Score, int Row) x, (float Score, int Row) y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            return byScore != 0 ? byScore : y.Row.CompareTo(x.Row);
        }
    }
}
