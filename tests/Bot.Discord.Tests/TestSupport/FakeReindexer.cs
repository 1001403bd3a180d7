using Bot.Core.Indexing;
using Bot.Core.Watching;

namespace Bot.Discord.Tests.TestSupport;

public sealed class FakeReindexer : IReindexer
{
    public int Runs;

    public event EventHandler<ReindexedEventArgs>? Reindexed
    {
        add { }
        remove { }
    }

    public IndexReport? LastReport { get; private set; }

    public Task<IndexReport> ReindexNowAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Runs);
        LastReport = new IndexReport(0, 0, 0, 0, 7, 0, [], TimeSpan.FromMilliseconds(30), []);
        return Task.FromResult(LastReport);
    }
}
