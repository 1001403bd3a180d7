using Bot.Core.Chunking;
using Bot.Core.Search;
using Bot.Core.Search.Vectors;

namespace Bot.Core.Indexing;

/// <summary>
/// Where documents, passages, sentences and their vectors live. Every write is one transaction, and a document's
/// content changes only in one transaction, so readers see the old or the new version of a document, never a mix —
/// and a process killed mid-write leaves every document complete or absent. SQLite is the embedded default.
/// </summary>
public interface IIndexStore
{
    /// <summary>Which store this is and where, for `bot sources` and logs ("SQLite .bot/index.db"); never a password.</summary>
    string Description => GetType().Name;

    /// <summary>Creates the schema, or rebuilds it when the schema version changed. Returns true if it rebuilt.</summary>
    Task<bool> InitializeAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredDocument>> ListDocumentsAsync(CancellationToken cancellationToken);

    /// <summary>Files known to duplicate an indexed document.</summary>
    Task<IReadOnlyList<StoredAlias>> ListAliasesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Inserts or replaces the document stored under its path (dropping an alias at that path) in one transaction.
    /// Vectors are keyed by passage hash, so unchanged passages of a re-chunked document keep theirs.
    /// </summary>
    Task UpsertDocumentAsync(ChunkedDocument document, FileStamp stamp, CancellationToken cancellationToken);

    Task RemoveDocumentAsync(long documentId, CancellationToken cancellationToken);

    /// <summary>
    /// Re-points a document to a new path (a rename with the same content) without re-processing it; whatever
    /// document or alias was stored at <paramref name="newPath"/> goes in the same transaction.
    /// </summary>
    Task MoveDocumentAsync(long documentId, string newPath, FileStamp stamp, CancellationToken cancellationToken);

    /// <summary>Records a new stamp for a file whose content did not change.</summary>
    Task TouchDocumentAsync(long documentId, FileStamp stamp, CancellationToken cancellationToken);

    /// <summary>Records a duplicate file; a document stored at its path goes in the same transaction.</summary>
    Task SetAliasAsync(StoredAlias alias, CancellationToken cancellationToken);

    Task RemoveAliasAsync(string path, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> distinct indexed passages without a vector made by <paramref name="modelKey"/>, in
    /// passage-hash order after <paramref name="afterHash"/> (null: from the start) so callers can page through.
    /// </summary>
    Task<IReadOnlyList<PendingPassage>> ListPassagesWithoutVectorsAsync(string modelKey, string? afterHash, int limit, CancellationToken cancellationToken);

    /// <summary>Stores vectors (one transaction); existing ones for the same model and passage hash are replaced.</summary>
    Task AddVectorsAsync(VectorBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="ListPassagesWithoutVectorsAsync"/> for sentences: distinct sentence texts (by content hash, the
    /// same hash as passages') without a vector made by <paramref name="modelKey"/>, in hash order after <paramref name="afterHash"/>.
    /// </summary>
    Task<IReadOnlyList<PendingPassage>> ListSentencesWithoutVectorsAsync(string modelKey, string? afterHash, int limit, CancellationToken cancellationToken);

    /// <summary>Stores sentence vectors (one transaction), keyed by sentence hash (<see cref="EncodedVector.PassageHash"/> holds it).</summary>
    Task AddSentenceVectorsAsync(VectorBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes passage and sentence vectors no indexed passage or sentence uses. With <paramref name="modelKey"/>, also
    /// those of other models and those of this model in another encoding than <paramref name="encoding"/> (they must be
    /// re-made). Returns how many went.
    /// </summary>
    Task<int> PruneVectorsAsync(string? modelKey, VectorEncoding encoding, CancellationToken cancellationToken);

    /// <summary>Checks the index is consistent; returns one line per problem (empty when consistent). Changes nothing.</summary>
    Task<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken);

    Task<IIndexReader> OpenReaderAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<SourceSummary>> ListSourcesAsync(CancellationToken cancellationToken);
}
