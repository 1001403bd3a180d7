using Bot.Core.Indexing;

namespace Bot.Discord.Tests.TestSupport;

public sealed class FakeSourceCatalog : ISourceCatalog
{
    public string RetrievalMode => "lexical (BM25)";

    public Task<IReadOnlyList<SourceSummary>> ListSourcesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SourceSummary>>(
        [
            new SourceSummary("russia.txt", "Russia recognises *Taliban* rule", "https://example.org/russia", 11, 14, 40, DateTimeOffset.UnixEpoch),
            new SourceSummary("other.md", "Other", null, 2, 2, 5, DateTimeOffset.UnixEpoch),
        ]);
}
