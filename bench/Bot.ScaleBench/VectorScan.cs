using System.Diagnostics;
using Bot.Core.Search.Vectors;

namespace Bot.ScaleBench;

/// <summary>
/// What the default mode adds per question that grows with the corpus: the cosine scan of every passage vector
/// (<see cref="VectorIndex"/>, as the hybrid retriever runs it) over <c>count</c> random unit vectors of 384 dimensions
/// (all-MiniLM-L6-v2's), 48 best kept; 300 random queries, fixed seed. Both scans in the same run: the float32 scan of
/// every row (<see cref="VectorIndex.SearchExact"/>, what the retriever ran before) and <see cref="VectorIndex.Search"/>
/// (the int8 pass plus exact rescoring from <see cref="VectorIndex.QuantizedMinRows"/> rows on), whose hits are checked
/// to be the same.
/// </summary>
internal static class VectorScan
{
    public static (double P50, double P95, double ExactP50, double ExactP95) Measure(int count, int dimensions = 384, int queries = 300)
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
        var exactTimes = new List<double>();
        for (int q = -1; q < queries; q++)
        {
            for (int d = 0; d < dimensions; d++) row[d] = (float)(random.NextDouble() * 2 - 1);
            var sw = Stopwatch.StartNew();
            var exact = index.SearchExact(row, 48, null);
            if (q >= 0) exactTimes.Add(sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            var hits = index.Search(row, 48);
            if (q >= 0) times.Add(sw.Elapsed.TotalMilliseconds);
            if (!hits.SequenceEqual(exact)) throw new InvalidOperationException("the int8 scan's hits differ from the float32 scan's");
        }
        return (Timings.Percentile(times, 50), Timings.Percentile(times, 95), Timings.Percentile(exactTimes, 50), Timings.Percentile(exactTimes, 95));
    }
}
