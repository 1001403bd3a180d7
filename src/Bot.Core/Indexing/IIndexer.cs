namespace Bot.Core.Indexing;

/// <summary>Brings the index in line with the seeds folder.</summary>
public interface IIndexer
{
    /// <param name="full">Rebuild everything instead of only what changed.</param>
    Task<IndexReport> IndexAsync(bool full, IProgress<IndexProgress>? progress, CancellationToken cancellationToken);
}
