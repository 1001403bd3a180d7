namespace Bot.Core.Search.Vectors;

/// <summary>One retriever's results for <see cref="ReciprocalRankFusion"/>: ids best first, and how much this list counts.</summary>
/// <param name="Ids">Result ids, best first. A repeated id counts at its first (best) rank only.</param>
/// <param name="Weight">Multiplier for this list's contributions (≥ 0; 0 ignores the list).</param>
public sealed record RankedList<TId>(IReadOnlyList<TId> Ids, double Weight = 1.0)
    where TId : notnull;
