using Bot.Core.Chunking;
using Bot.Core.Search;

namespace Bot.Core.Indexing;

/// <summary>
/// Where documents, passages and sentences live. Every write is one transaction per document, so readers see the
/// old or the new version of a document, never a mix. SQLite is the embedded default.
/// </summary>
public interface IIndexStore
{
    /// <summary>Creates the schema, or rebuilds it when the schema version changed. Returns true if it rebuilt.</summary>
    Task<bool> InitializeAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredDocument>> ListDocumentsAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the document stored under its path.</summary>
    Task UpsertDocumentAsync(ChunkedDocument document, FileStamp stamp, CancellationToken cancellationToken);

    Task RemoveDocumentAsync(long documentId, CancellationToken cancellationToken);

    /// <summary>Re-points a document to a new path (a rename with the same content) without re-processing it.</summary>
    Task MoveDocumentAsync(long documentId, string newPath, FileStamp stamp, CancellationToken cancellationToken);

    /// <summary>Records a new stamp for a file whose content did not change.</summary>
    Task TouchDocumentAsync(long documentId, FileStamp stamp, CancellationToken cancellationToken);

    Task<IIndexReader> OpenReaderAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<SourceSummary>> ListSourcesAsync(CancellationToken cancellationToken);
}
