using Bot.Core.Indexing;

namespace Bot.Discord.Tests.TestSupport;

public sealed class FakeIndexer : IIndexer
{
    public int Runs;

    public Task<IndexReport> IndexAsync(bool full, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Runs);
        return Task.FromResult(new IndexReport(2, 1, 0, 1, 5, 0, [], TimeSpan.FromMilliseconds(120), ["New doc"]));
    }
}
