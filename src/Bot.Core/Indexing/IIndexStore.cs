using Bot.Core.Chunking;

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

    /// <summary>Whether any document is indexed (what `ask` asks before every answer: a store answers it without listing them).</summary>
    async Task<bool> HasDocumentsAsync(CancellationToken cancellationToken) =>
        (await ListDocumentsAsync(cancellationToken).ConfigureAwait(false)).Count > 0;

    /// <summary>Files known to duplicate an indexed document.</summary>
    Task<IReadOnlyList<StoredAlias>> ListAliasesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Inserts or replaces the document stored under its path (dropping an alias at that path) in one transaction.
    /// Vectors are keyed by passage hash, so unchanged passages of a re-chunked document keep theirs.
    /// </summary>
    Task UpsertDocumentAsync(ChunkedDocument document, FileStamp stamp, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="UpsertDocumentAsync"/> for each document in order, all in one transaction: a killed process leaves all
    /// of them stored or none (a store without a cheaper way stores them one by one, each in its own).
    /// </summary>
    async Task UpsertDocumentsAsync(IReadOnlyList<(ChunkedDocument Document, FileStamp Stamp)> documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        foreach (var (document, stamp) in documents)
            await UpsertDocumentAsync(document, stamp, cancellationToken).ConfigureAwait(false);
    }

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
    /// What <see cref="SeedIndexer"/> last recorded of the seeds folder after a run that brought the whole index in line
    /// with it (a fingerprint of every file's path, size and time, and what that run reported); null when none is
    /// recorded. A store that keeps none (the default) makes every refresh compare each file with its stored stamp.
    /// </summary>
    Task<string?> GetSeedManifestAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>Records <paramref name="manifest"/>, or removes the recorded one when null. A store may ignore it.</summary>
    Task SetSeedManifestAsync(string? manifest, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The passage and sentence vectors kept with this index.</summary>
    IIndexVectorStore Vectors { get; }

    /// <summary>Checks the index is consistent; returns one line per problem (empty when consistent). Changes nothing.</summary>
    Task<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken);

    Task<IIndexReader> OpenReaderAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<SourceSummary>> ListSourcesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The text a document's offsets index (for .html, .pdf and .docx the extracted text), by the path it is cited
    /// under (a duplicate file's path gives the text of the document it duplicates); null when no such path is indexed.
    /// </summary>
    Task<string?> GetDocumentTextAsync(string path, CancellationToken cancellationToken);
}
