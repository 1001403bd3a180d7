using System.Diagnostics;
using Bot.Core.Search.Vectors;

namespace Bot.ScaleBench;

/// <summary>
/// What the default mode adds per question that grows with the corpus: the exact cosine scan of every passage vector
/// (<see cref="VectorIndex"/>, as the hybrid retriever runs it) over <c>count</c> random unit vectors of 384 dimensions
/// (all-MiniLM-L6-v2's), 48 best kept; 300 random queries, fixed seed.
/// </summary>
internal static class VectorScan
{
    public static (double P50, double P95) Measure(int count, int dimensions = 384, int queries = 300)
    {
        var random = new Random(7);
        var index = new VectorIndex(dimensions, count);
        var row = new float[dimensions];
        for (int i = 0; i < count; i++)
        {
            for (int d = 0; d < dimensions; d++) row[d] = (float)(random.NextDouble() * 2 - 1);
            index.Add(i, row);
        }
        var times = new List<double>();
        for (int q = -1; q < queries; q++)
        {
            for (int d = 0; d < dimensions; d++) row[d] = (float)(random.NextDouble() * 2 - 1);
            var sw = Stopwatch.StartNew();
            index.Search(row, 48);
            if (q >= 0) times.Add(sw.Elapsed.TotalMilliseconds);
        }
        return (Timings.Percentile(times, 50), Timings.Percentile(times, 95));
    }
}
