using Bot.Core.Indexing;

namespace Bot.Core.Search;

/// <summary>Lists indexed documents and names the active retrieval (here, not in Indexing, because it reads both the
/// store and the retriever).</summary>
public sealed class SourceCatalog(IIndexStore store, IRetriever retriever) : ISourceCatalog
{
    public string RetrievalMode => retriever.Mode;

    public string IndexStore => store.Description;

    public async Task<IReadOnlyList<SourceSummary>> ListSourcesAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await store.ListSourcesAsync(cancellationToken).ConfigureAwait(false);
    }
}
