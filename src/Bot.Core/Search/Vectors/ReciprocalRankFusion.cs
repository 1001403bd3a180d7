namespace Bot.Core.Search.Vectors;

/// <summary>
/// Reciprocal rank fusion (Cormack, Clarke &amp; Büttcher, 2009): score(d) = Σ over lists of weight / (k + rank(d)),
/// rank 1-based. Only ranks matter, so lists whose scores are on different scales (BM25, cosine) fuse cleanly.
/// </summary>
public static class ReciprocalRankFusion
{
    /// <summary>The customary smoothing constant.</summary>
    public const int DefaultK = 60;

    /// <summary>
    /// Fuses <paramref name="lists"/> into one ranking, best first. Ties are broken by best rank in any list, then by
    /// order of first appearance (earlier lists first), so the result is deterministic.
    /// </summary>
    /// <param name="lists">The ranked lists with their weights.</param>
    /// <param name="k">Smoothing constant (≥ 1): larger flattens the difference between top and lower ranks.</param>
    /// <param name="limit">Most results returned; null for all.</param>
    public static IReadOnlyList<FusedHit<TId>> Fuse<TId>(IEnumerable<RankedList<TId>> lists, int k = DefaultK, int? limit = null)
        where TId : notnull
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (limit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "Limit must not be negative.");
        }

        var entries = new Dictionary<TId, (double Score, int BestRank, int FirstSeen)>();
        foreach (var list in lists)
        {
            ArgumentNullException.ThrowIfNull(list);
            if (!double.IsFinite(list.Weight) || list.Weight < 0)
            {
                throw new ArgumentException($"List weight must be a finite number ≥ 0; got {list.Weight}.", nameof(lists));
            }

            if (list.Weight == 0)
            {
                continue;
            }

            var seen = new HashSet<TId>();
            for (var rank = 0; rank < list.Ids.Count; rank++)
            {
                var id = list.Ids[rank];
                if (!seen.Add(id))
                {
                    continue;
                }

                var contribution = list.Weight / (k + rank + 1);
                if (entries.TryGetValue(id, out var entry))
                {
                    entries[id] = (entry.Score + contribution, Math.Min(entry.BestRank, rank), entry.FirstSeen);
                }
                else
                {
                    entries[id] = (contribution, rank, entries.Count);
                }
            }
        }

        var fused = entries
            .OrderByDescending(e => e.Value.Score)
            .ThenBy(e => e.Value.BestRank)
            .ThenBy(e => e.Value.FirstSeen)
            .Select(e => new FusedHit<TId>(e.Key, e.Value.Score, e.Value.BestRank));
        return (limit is { } n ? fused.Take(n) : fused).ToList();
    }

    /// <summary>Fuses two lists with <paramref name="secondWeight"/> relative to the first (weight 1) — e.g. BM25 then vectors.</summary>
    public static IReadOnlyList<FusedHit<TId>> Fuse<TId>(IReadOnlyList<TId> first, IReadOnlyList<TId> second, double secondWeight = 1.0, int k = DefaultK, int? limit = null)
        where TId : notnull
        => Fuse([new RankedList<TId>(first), new RankedList<TId>(second, secondWeight)], k, limit);
}
