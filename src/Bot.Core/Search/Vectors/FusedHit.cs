namespace Bot.Core.Search.Vectors;

/// <summary>A result of <see cref="ReciprocalRankFusion"/>: the id, its fused score, and its best (0-based) rank in any list.</summary>
public sealed record FusedHit<TId>(TId Id, double Score, int BestRank)
    where TId : notnull;
