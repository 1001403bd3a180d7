using Bot.Core.Search;

namespace Bot.Core.Indexing;

/// <summary>Lists indexed documents and names the active retrieval.</summary>
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
