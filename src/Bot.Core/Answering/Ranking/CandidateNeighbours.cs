using Bot.Core.Indexing;

namespace Bot.Core.Answering.Ranking;

/// <summary>
/// What the vector and the token features both read off a score per candidate: its rank, and the best score of the
/// sentences adjacent to it in the same paragraph (an answer often sits next to the sentence that matches the question).
/// </summary>
internal static class CandidateNeighbours
{
    private static readonly int[] Sides = [-1, 1];

    /// <summary>Each value's rank, 0 for the highest (ties in input order).</summary>
    public static int[] Ranks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderByDescending(i => values[i]).ToArray();
        var rank = new int[values.Count];
        for (int r = 0; r < order.Length; r++) rank[order[r]] = r;
        return rank;
    }

    /// <summary>
    /// For each row, the best value among the rows holding the sentence before or after it in the same paragraph; null
    /// when neither is among <paramref name="rows"/>.
    /// </summary>
    public static double?[] BestAdjacent(IReadOnlyList<SentenceRow> rows, IReadOnlyList<double> values)
    {
        var at = new Dictionary<(long, int), int>();
        for (int i = 0; i < rows.Count; i++) at[(rows[i].DocumentId, rows[i].Ordinal)] = i;
        var best = new double?[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            foreach (var d in Sides)
            {
                if (at.TryGetValue((rows[i].DocumentId, rows[i].Ordinal + d), out var j) && rows[j].Paragraph == rows[i].Paragraph)
                    best[i] = Math.Max(best[i] ?? double.NegativeInfinity, values[j]);
            }
        }
        return best;
    }
}
