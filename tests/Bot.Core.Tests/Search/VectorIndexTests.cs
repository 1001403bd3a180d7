using Bot.Core.Search.Vectors;

namespace Bot.Core.Tests.Search;

public sealed class VectorIndexTests
{
    private const int Dimensions = 48;

    [Theory]
    [InlineData(64, 1)]
    [InlineData(64, 10)]
    [InlineData(50, 48)]
    [InlineData(384, 48)]
    public void The_int8_scan_returns_exactly_the_float32_scans_hits_scores_and_order(int dimensions, int k)
    {
        // Clusters (so near neighbours compete closely), exact duplicates (ties broken by row) and zero rows.
        var random = new Random(dimensions * 31 + k);
        var centres = Enumerable.Range(0, 40).Select(_ => RandomVector(random, dimensions)).ToArray();
        var index = new VectorIndex(dimensions);
        var rows = new List<float[]>();
        for (var i = 0; i < VectorIndex.QuantizedMinRows + 500; i++)
        {
            var v = i % 997 == 0 ? new float[dimensions]
                : i % 13 == 0 && rows.Count > 0 ? rows[random.Next(rows.Count)]
                : centres[i % centres.Length].Select(x => x + (0.3f * (float)(random.NextDouble() - 0.5))).ToArray();
            rows.Add(v);
            index.Add(i, v);
        }

        for (var q = 0; q < 25; q++)
        {
            var query = q % 5 == 0 ? rows[random.Next(rows.Count)]
                : centres[random.Next(centres.Length)].Select(x => x + (0.2f * (float)(random.NextDouble() - 0.5))).ToArray();
            Func<long, bool>? filter = q % 3 == 0 ? id => id % 4 != 1 : null;
            var exact = index.SearchExact(query, k, filter);
            Assert.Equal(exact, index.SearchQuantized(query, k, filter));
            Assert.Equal(exact, index.Search(query, k, filter));
        }
    }

    [Fact]
    public void Vectors_stored_as_float16_blobs_find_the_same_neighbours_as_exact_cosine()
    {
        var random = new Random(1234);
        var vectors = Enumerable.Range(0, 500).Select(_ => RandomVector(random)).ToArray();
        var blobs = vectors.Select((v, i) => KeyValuePair.Create(1000L + i, VectorBlob.Encode(v, VectorEncoding.Float16))).ToList();
        var index = VectorIndex.FromBlobs(blobs, Dimensions, VectorEncoding.Float16);

        for (var q = 0; q < 20; q++)
        {
            // A query near vector q: the vector itself plus a little noise.
            var query = vectors[q * 7].Select(x => x + (0.05f * (float)(random.NextDouble() - 0.5))).ToArray();
            var expected = vectors
                .Select((v, i) => (Id: 1000L + i, Score: ExactCosine(query, v)))
                .OrderByDescending(h => h.Score)
                .Take(3)
                .ToList();

            var hits = index.Search(query, 3);

            Assert.Equal(3, hits.Count);
            Assert.Equal(1000L + (q * 7), hits[0].Id);
            Assert.Equal(expected.Select(h => h.Id), hits.Select(h => h.Id));
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(expected[i].Score, hits[i].Score, 2);
            }
        }
    }

    [Fact]
    public void Scores_are_cosine_similarities_whatever_the_stored_length()
    {
        var index = new VectorIndex(2);
        index.Add(1, [10f, 0f]);
        index.Add(2, [0f, 0.5f]);
        index.Add(3, [-3f, 3f]);

        var hits = index.Search([1f, 1f], 3);

        Assert.Equal([1L, 2L, 3L], hits.Select(h => h.Id).Order());
        Assert.Equal(0f, hits.Single(h => h.Id == 3).Score, 5);
        Assert.Equal(MathF.Sqrt(0.5f), hits[0].Score, 5);
        Assert.Equal(hits[0].Score, hits[1].Score, 5);
        Assert.Equal(1L, hits[0].Id); // Equal scores keep insertion order.
    }

    [Fact]
    public void Search_returns_at_most_k_hits_best_first()
    {
        var index = new VectorIndex(2);
        for (var i = 0; i < 10; i++)
        {
            var angle = i * 0.1;
            index.Add(i, [(float)Math.Cos(angle), (float)Math.Sin(angle)]);
        }

        Assert.Equal([0L, 1L, 2L, 3L], index.Search([1f, 0f], 4).Select(h => h.Id));
        Assert.Equal(10, index.Search([1f, 0f], 50).Count);
        Assert.Empty(index.Search([1f, 0f], 0));
    }

    [Fact]
    public void A_filter_limits_the_candidates()
    {
        var index = new VectorIndex(2);
        index.Add(1, [1f, 0f]);
        index.Add(2, [0.9f, 0.1f]);
        index.Add(3, [0f, 1f]);

        var hits = index.Search([1f, 0f], 2, id => id != 1);

        Assert.Equal([2L, 3L], hits.Select(h => h.Id));
    }

    [Fact]
    public void A_zero_query_or_empty_index_finds_nothing()
    {
        var index = new VectorIndex(3);
        Assert.Empty(index.Search([1f, 0f, 0f], 5));

        index.Add(1, [1f, 0f, 0f]);
        Assert.Empty(index.Search([0f, 0f, 0f], 5));
    }

    [Fact]
    public void Vectors_of_the_wrong_length_are_rejected()
    {
        var index = new VectorIndex(3);

        Assert.Throws<ArgumentException>(() => index.Add(1, [1f, 2f]));
        Assert.Throws<ArgumentException>(() => index.AddBlob(1, new byte[4], VectorEncoding.Float16));
        Assert.Throws<ArgumentException>(() => index.Search([1f], 1));
    }

    private static float[] RandomVector(Random random, int dimensions = Dimensions) =>
        Enumerable.Range(0, dimensions).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();

    private static float ExactCosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return (float)(dot / Math.Sqrt(na * nb));
    }
}
