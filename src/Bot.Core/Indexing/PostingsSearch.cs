namespace Bot.Core.Indexing;

/// <summary>
/// The best rows for OR-ed terms by FTS5's bm25 (<see cref="Fts5Bm25"/>: the same idf, k1, b, column weights and row
/// lengths, so the same scores and, ties by ascending id, the same order as <c>ORDER BY bm25(…) LIMIT k</c>), over
/// postings the bot decodes itself. Document-at-a-time with MaxScore: the terms are ordered by their highest
/// contribution to any row, and while the k-th best score so far is above the sum of the lowest ones' highest
/// contributions, those terms are only looked up (by binary search) in rows the others found, never walked: a very
/// common expanded word ("states", "took") costs a search per candidate instead of a visit to each of its rows.
/// </summary>
internal static class PostingsSearch
{
    // Scores are sums of a few positive terms of order 1–20; pruning keeps this margin so a different order of the same
    // additions (an ulp or two) can never drop a row the exact sum would have kept.
    private const double Margin = 1e-9;

    /// <summary>
    /// <paramref name="terms"/>: each query term's postings in query order (a repeated term repeats its list, as FTS5
    /// scores a repeated phrase twice); <paramref name="titleWeight"/>: the weight of a title occurrence (text: 1.0).
    /// </summary>
    public static List<(long Id, double Score)> Top(IReadOnlyList<Posting[]> terms, long rows, long tokens, double titleWeight, int k)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var result = new List<(long Id, double Score)>();
        if (k <= 0 || terms.Count == 0) return result;
        double average = (double)tokens / Math.Max(1, rows);
        int n = terms.Count;
        var contributions = new double[n][];
        var bounds = new double[n];
        for (int t = 0; t < n; t++)
        {
            var list = terms[t];
            double idf = Fts5Bm25.Idf(rows, list.Length);
            var c = contributions[t] = new double[list.Length];
            double max = 0;
            for (int j = 0; j < list.Length; j++)
            {
                var p = list[j];
                double frequency = 0;
                for (int i = 0; i < p.Title; i++) frequency += titleWeight;
                for (int i = 0; i < p.Text; i++) frequency += 1.0;
                c[j] = Fts5Bm25.Score(idf, frequency, p.Length, average);
                if (c[j] > max) max = c[j];
            }
            bounds[t] = max;
        }

        // order[0] has the lowest bound; prefix[i] = the sum of the bounds of order[0..i-1].
        var order = Enumerable.Range(0, n).OrderBy(t => bounds[t]).ToArray();
        var prefix = new double[n + 1];
        for (int i = 0; i < n; i++) prefix[i + 1] = prefix[i] + bounds[order[i]];
        var position = new int[n];
        var found = new double[n];
        var present = new bool[n];
        var heap = new PriorityQueue<(long Id, double Score), (double Score, long Id)>(k + 1, WorstFirst.Instance);
        double threshold = double.NegativeInfinity;
        int essential = 0; // order[essential..] are walked, order[..essential] only looked up

        while (true)
        {
            long doc = long.MaxValue;
            for (int i = essential; i < n; i++)
            {
                var list = terms[order[i]];
                if (position[order[i]] < list.Length && list[position[order[i]]].Id < doc) doc = list[position[order[i]]].Id;
            }
            if (doc == long.MaxValue) break;

            double partial = 0;
            Array.Clear(present);
            for (int i = essential; i < n; i++)
            {
                int t = order[i];
                var list = terms[t];
                if (position[t] < list.Length && list[position[t]].Id == doc)
                {
                    found[t] = contributions[t][position[t]];
                    present[t] = true;
                    partial += found[t];
                    position[t]++;
                }
            }
            bool pruned = false;
            for (int i = essential - 1; i >= 0; i--)
            {
                if (heap.Count == k && partial + prefix[i + 1] + Margin < threshold) { pruned = true; break; }
                int t = order[i];
                int at = Find(terms[t], position[t], doc);
                position[t] = at;
                if (at < terms[t].Length && terms[t][at].Id == doc)
                {
                    found[t] = contributions[t][at];
                    present[t] = true;
                    partial += found[t];
                }
            }
            if (pruned) continue;

            // The exact score: FTS5 adds the terms' shares in query order.
            double score = 0;
            for (int t = 0; t < n; t++) if (present[t]) score += found[t];
            if (heap.Count < k) heap.Enqueue((doc, score), (score, doc));
            else if (score > threshold) heap.EnqueueDequeue((doc, score), (score, doc));
            else continue;
            if (heap.Count == k)
            {
                threshold = heap.Peek().Score;
                while (essential < n && prefix[essential + 1] + Margin < threshold) essential++;
            }
        }

        while (heap.Count > 0) result.Add(heap.Dequeue());
        result.Reverse();
        return result;
    }

    /// <summary>The first index at or after <paramref name="from"/> whose id is at least <paramref name="id"/> (galloping, then binary search).</summary>
    private static int Find(Posting[] list, int from, long id)
    {
        int step = 1, hi = from;
        while (hi < list.Length && list[hi].Id < id) { from = hi + 1; hi += step; step <<= 1; }
        hi = Math.Min(hi, list.Length);
        int lo = from;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (list[mid].Id < id) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>Lowest score first; of equal scores the highest id first (it ranks after the others).</summary>
    private sealed class WorstFirst : IComparer<(double Score, long Id)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((double Score, long Id) x, (double Score, long Id) y) =>
            x.Score != y.Score ? x.Score.CompareTo(y.Score) : y.Id.CompareTo(x.Id);
    }
}
