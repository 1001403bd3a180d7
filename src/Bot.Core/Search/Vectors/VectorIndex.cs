using System.Numerics.Tensors;

namespace Bot.Core.Search.Vectors;

/// <summary>
/// An in-memory matrix of unit-length vectors with brute-force cosine top-k search
/// (<see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/> per row).
/// Vectors are normalised when added, so scores are cosine similarities whatever the caller stored.
/// Adding is not thread-safe; once built, any number of threads may search concurrently.
/// Brute force is exact and fast enough for this bot's scale (100k × 384 dims ≈ 150 MB float32, a few ms per query).
/// </summary>
public sealed class VectorIndex
{
    private float[] _matrix;
    private long[] _ids;

    public VectorIndex(int dimensions, int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Dimensions = dimensions;
        _matrix = new float[checked(capacity * dimensions)];
        _ids = new long[capacity];
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
    }

    /// <summary>The <paramref name="k"/> vectors most similar to <paramref name="query"/>, best first (ties: lower row first).</summary>
    public IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int k) => Search(query, k, filter: null);

    /// <summary>
    /// The <paramref name="k"/> vectors most similar to <paramref name="query"/> among those whose id passes
    /// <paramref name="filter"/>, best first.
    /// </summary>
    public IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int k, Func<long, bool>? filter)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"Query has {query.Length} dimensions; this index holds {Dimensions}.", nameof(query));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (k == 0 || Count == 0)
        {
            return [];
        }

        var norm = TensorPrimitives.Norm(query);
        if (norm == 0 || !float.IsFinite(norm))
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

        var hits = new VectorHit[heap.Count];
        for (var i = hits.Length - 1; i >= 0; i--)
        {
            heap.TryDequeue(out var row, out var priority);
            hits[i] = new VectorHit(_ids[row], Math.Clamp(priority.Score, -1f, 1f));
        }

        return hits;
    }

    private Span<float> NextRow(long id)
    {
        if (Count == _ids.Length)
        {
            var capacity = Math.Max(16, _ids.Length * 2);
            Array.Resize(ref _ids, capacity);
            Array.Resize(ref _matrix, checked(capacity * Dimensions));
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
