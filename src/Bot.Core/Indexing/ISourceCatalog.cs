namespace Bot.Core.Indexing;

/// <summary>Lists what is indexed and how it is searched.</summary>
public interface ISourceCatalog
{
    Task<IReadOnlyList<SourceSummary>> ListSourcesAsync(CancellationToken cancellationToken);

    /// <summary>Human-readable retrieval mode, e.g. "lexical (BM25)" or "hybrid (BM25 + all-MiniLM-L6-v2)".</summary>
    string RetrievalMode { get; }

    /// <summary>The active index store, e.g. "SQLite /data/index.db" or "PostgreSQL db:5432/bot".</summary>
    string IndexStore => "SQLite";
}
