using System.Globalization;
using Bot.Core.Chunking;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using static Bot.Core.Indexing.SqliteCommands;

namespace Bot.Core.Indexing;

/// <summary>
/// The index in one SQLite file (WAL mode) with the bot's own postings for BM25. Documents, aliases and readers are here; the
/// schema and its migrations are in <see cref="SqliteIndexSchema"/>, vectors in <see cref="SqliteVectorStore"/>, the
/// consistency checks in <see cref="SqliteIndexVerifier"/>.
/// </summary>
public sealed class SqliteIndexStore : IIndexStore, IRecoverableIndexStore
{
    /// <summary>
    /// v2: aliases (duplicate files) and passage vectors keyed by model and passage hash. v3: sentence hashes and sentence
    /// vectors keyed by model and sentence hash. v4: the passages' FTS5 vocabulary (term row counts for search). v5: the FTS5
    /// tables read their text from the passages and sentences (external content) instead of keeping copies of their own.
    /// v6: the bot's own postings of sentences and passages (<see cref="PostingsBatch"/>, searched by
    /// <see cref="PostingsSearch"/>). v7: those postings in blocks of terms (<see cref="PostingBlock"/>) with the totals
    /// beside them, and no FTS5 tables (nothing read them any more; every write paid for them). v8: each document's genre
    /// (<see cref="Documents.GenreDetector"/>, read once when the document is written) beside its text. v2 to v7 indexes are
    /// upgraded in place (their vectors are kept), older ones are rebuilt.
    /// </summary>
    public const int SchemaVersion = 8;

    private readonly string _connectionString;
    private readonly ILogger<SqliteIndexStore> _logger;
    private readonly IIndexFaultPoints _faults;
    private readonly SqliteVectorStore _vectors;

    // The postings its readers decoded, shared across questions while the index generation stays the same.
    private readonly PostingsCache _postingsCache = new();

    public SqliteIndexStore(string databasePath, ILogger<SqliteIndexStore> logger, IIndexFaultPoints? faults = null)
    {
        ArgumentNullException.ThrowIfNull(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        _logger = logger;
        _faults = faults ?? NoIndexFaultPoints.Instance;
        _vectors = new SqliteVectorStore(OpenAsync, _faults);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string DatabasePath { get; }

    public string Description => "SQLite " + DatabasePath;

    // Whether a first open has shown the data folder writable: then no further open needs the probe below.
    private volatile bool _writable;

    internal async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var c = new SqliteConnection(_connectionString);
        try
        {
            await c.OpenAsync(ct).ConfigureAwait(false);
            await ExecAsync(c, "PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;", ct).ConfigureAwait(false);
            // One read shows whether the folder allows WAL readers; it is needed only until an open has succeeded.
            if (!_writable && File.Exists(DatabasePath))
            {
                await ScalarAsync(c, "SELECT count(*) FROM sqlite_master", ct).ConfigureAwait(false);
                _writable = true;
            }
            return c;
        }
        // A read-only data folder: WAL readers need to create index.db-shm, so even reading fails (8 read-only, 14 cannot
        // open); on a full disk the shm cannot be sized (10 I/O error, 13 full). Nobody can write there either, so the
        // file is opened immutable (no locks, no shm): answers still come from the index as it is.
        catch (SqliteException e) when (e.SqliteErrorCode is 8 or 10 or 13 or 14 && File.Exists(DatabasePath))
        {
            await c.DisposeAsync().ConfigureAwait(false);
            var ro = new SqliteConnection(ImmutableConnectionString());
            await ro.OpenAsync(ct).ConfigureAwait(false);
            return ro;
        }
        catch
        {
            await c.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private string ImmutableConnectionString() => new SqliteConnectionStringBuilder
    {
        DataSource = new Uri(DatabasePath).AbsoluteUri + "?immutable=1",
        Mode = SqliteOpenMode.ReadOnly,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
    }.ToString();

    /// <summary>SQLite's "database disk image is malformed" (11) and "file is not a database" (26).</summary>
    public static bool IsUnreadable(Exception e) => e is SqliteException { SqliteErrorCode: 11 or 26 };

    public async Task<bool> IsReadableAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(DatabasePath)) return true;
        try
        {
            await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var cmd = Command(c, null, "PRAGMA quick_check(1)");
            return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is "ok";
        }
        catch (SqliteException e) when (IsUnreadable(e)) { return false; }
    }

    public Task<string> MoveAsideAsync(CancellationToken cancellationToken)
    {
        // Pooled connections keep the file open; a moved file must not be written through them.
        SqliteConnection.ClearAllPools();
        var aside = $"{DatabasePath}.corrupt-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            if (File.Exists(DatabasePath + suffix)) File.Move(DatabasePath + suffix, aside + suffix, overwrite: true);
        return Task.FromResult(aside);
    }

    public async Task<bool> InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rebuilt = await SqliteIndexSchema.EnsureAsync(c, _logger, DatabasePath, cancellationToken).ConfigureAwait(false);
        await SqliteIndexSchema.EnsureParserVersionAsync(c, _logger, DatabasePath, cancellationToken).ConfigureAwait(false);
        return rebuilt;
    }

    public async Task<string?> GetSeedManifestAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ScalarOrNullWithoutTableAsync(c, $"SELECT value FROM meta WHERE key = '{SqliteIndexSchema.SeedManifestKey}'", cancellationToken).ConfigureAwait(false) as string;
    }

    public async Task SetSeedManifestAsync(string? manifest, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (manifest is null)
            await ExecAsync(c, $"DELETE FROM meta WHERE key = '{SqliteIndexSchema.SeedManifestKey}'", cancellationToken).ConfigureAwait(false);
        else
            await ExecAsync(c, $"INSERT INTO meta(key, value) VALUES ('{SqliteIndexSchema.SeedManifestKey}', $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                cancellationToken, null, ("$v", manifest)).ConfigureAwait(false);
    }

    public async Task<bool> HasDocumentsAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ScalarAsync(c, "SELECT EXISTS(SELECT 1 FROM documents)", cancellationToken).ConfigureAwait(false) is long and not 0;
    }

    public async Task<IReadOnlyList<StoredDocument>> ListDocumentsAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, "SELECT id, path, title, content_hash, size, modified_ticks FROM documents");
        return await AdoCommands.ReadAllAsync(cmd, IndexRows.ReadDocument, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredAlias>> ListAliasesAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, "SELECT path, content_hash, size, modified_ticks FROM aliases ORDER BY path");
        return await AdoCommands.ReadAllAsync(cmd, IndexRows.ReadAlias, cancellationToken).ConfigureAwait(false);
    }

    public Task UpsertDocumentAsync(ChunkedDocument document, FileStamp stamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        return UpsertDocumentsAsync([(document, stamp)], cancellationToken);
    }

    /// <summary>
    /// One transaction for the whole batch, its statements prepared once: a transaction per document made the full-text index flush a
    /// segment of each table per document (and WAL commit per document), most of the indexing time.
    /// </summary>
    public async Task UpsertDocumentsAsync(IReadOnlyList<(ChunkedDocument Document, FileStamp Stamp)> documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (documents.Count == 0) return;
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // A cache that holds the pages a batch touches (SQLite's default is 2 MB): the postings segments being merged and
        // the tables' last pages are then written once per batch instead of read back from the file again and again.
        await ExecAsync(c, WriterCache, cancellationToken).ConfigureAwait(false);
        await using var tx = await BeginDataWriteAsync(c, cancellationToken).ConfigureAwait(false);
        var postings = TakePostings();
        try
        {
            using (var writer = new SqliteDocumentWriter(c, tx, postings))
            {
                foreach (var (document, stamp) in documents)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (writer.ExistingId(document.Document.Path) is long oldId) await DeleteRowsAsync(c, tx, postings, oldId, cancellationToken).ConfigureAwait(false);
                    writer.Write(document, stamp);
                }
            }
            postings.Flush(c, tx);
        }
        finally
        {
            ReturnPostings(postings);
        }
        _faults.Reached(IndexFaultPoint.InUpsert);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        _faults.Reached(IndexFaultPoint.AfterWrite);
    }

    // The store's postings batch, reused by one write at a time (its token map outlives a transaction); a write that
    // finds it taken (writes of one store in parallel: they then wait on SQLite's write lock anyway) gets its own.
    private readonly PostingsBatch _postings = new();
    private int _postingsTaken;

    private PostingsBatch TakePostings()
    {
        if (Interlocked.Exchange(ref _postingsTaken, 1) == 1) return new PostingsBatch();
        _postings.Reset();
        return _postings;
    }

    private void ReturnPostings(PostingsBatch postings)
    {
        if (!ReferenceEquals(postings, _postings)) return;
        _postings.Reset();
        Volatile.Write(ref _postingsTaken, 0);
    }

    // 64 MiB, at most: SQLite allocates cache pages as it reads them. Only the writing connection asks for it. And the
    // WAL copied into the file every 8,192 pages (32 MiB) of this connection's commits instead of SQLite's 1,000: a full
    // index (~150 MB of pages at 100k passages, many of them rewritten batch after batch: the postings segments, the
    // tables' last pages) then checkpoints and fsyncs a few times instead of some forty. The rows are the same; the WAL
    // file grows to that size while a big index is written, and goes when the last connection closes.
    private const string WriterCache = "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 8192";

    public Task RemoveDocumentAsync(long documentId, CancellationToken cancellationToken) =>
        WriteAsync((c, tx, postings, ct) => DeleteRowsAsync(c, tx, postings, documentId, ct), cancellationToken);

    public Task MoveDocumentAsync(long documentId, string newPath, FileStamp stamp, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx, postings, ct) =>
        {
            var other = await ScalarAsync(c, "SELECT id FROM documents WHERE path=$p AND id<>$id", ct, tx, ("$p", newPath), ("$id", documentId)).ConfigureAwait(false);
            if (other is long otherId) await DeleteRowsAsync(c, tx, postings, otherId, ct).ConfigureAwait(false);
            await ExecAsync(c, "DELETE FROM aliases WHERE path=$p", ct, tx, ("$p", newPath)).ConfigureAwait(false);
            await ExecAsync(c, "UPDATE documents SET path=$p, size=$s, modified_ticks=$m WHERE id=$id", ct, tx,
                ("$p", newPath), ("$s", stamp.Size), ("$m", stamp.ModifiedTicks), ("$id", documentId)).ConfigureAwait(false);
        }, cancellationToken);

    public async Task TouchDocumentAsync(long documentId, FileStamp stamp, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(c, "UPDATE documents SET size=$s, modified_ticks=$m WHERE id=$id", cancellationToken, null,
            ("$s", stamp.Size), ("$m", stamp.ModifiedTicks), ("$id", documentId)).ConfigureAwait(false);
    }

    public Task SetAliasAsync(StoredAlias alias, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alias);
        return WriteAsync(async (c, tx, postings, ct) =>
        {
            var doc = await ScalarAsync(c, "SELECT id FROM documents WHERE path=$p", ct, tx, ("$p", alias.Path)).ConfigureAwait(false);
            if (doc is long docId) await DeleteRowsAsync(c, tx, postings, docId, ct).ConfigureAwait(false);
            await ExecAsync(c, "INSERT OR REPLACE INTO aliases(path, content_hash, size, modified_ticks) VALUES ($p, $h, $s, $m)", ct, tx,
                ("$p", alias.Path), ("$h", alias.ContentHash), ("$s", alias.Size), ("$m", alias.ModifiedTicks)).ConfigureAwait(false);
        }, cancellationToken);
    }

    public async Task RemoveAliasAsync(string path, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(c, "DELETE FROM aliases WHERE path=$p", cancellationToken, null, ("$p", path)).ConfigureAwait(false);
    }

    public IIndexVectorStore Vectors => _vectors;

    public async Task<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await SqliteIndexVerifier.VerifyAsync(c, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IIndexReader> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var tx = c.BeginTransaction(deferred: true);
            return new SqliteIndexReader(c, tx, _postingsCache);
        }
        catch
        {
            await c.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<IReadOnlyList<SourceSummary>> ListSourcesAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, """
            SELECT d.path, d.title, d.url, d.paragraphs,
                   (SELECT count(*) FROM passages p WHERE p.document_id = d.id),
                   (SELECT count(*) FROM sentences s WHERE s.document_id = d.id), d.indexed_at, d.metadata
            FROM documents d ORDER BY d.path
            """);
        return await AdoCommands.ReadAllAsync(cmd, r => new SourceSummary(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
            r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), DateTimeOffset.Parse(r.GetString(6), CultureInfo.InvariantCulture)).WithMetadata(r.GetString(7)), cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> GetDocumentTextAsync(string path, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, DocumentTextByPath);
        cmd.Parameters.AddWithValue("$p", path);
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    // The document at the path, else the document a duplicate at that path stands for.
    private const string DocumentTextByPath = """
        SELECT text FROM (
            SELECT text, 0 AS o FROM documents WHERE path = $p
            UNION ALL
            SELECT d.text, 1 FROM aliases a JOIN documents d ON d.content_hash = a.content_hash WHERE a.path = $p)
        ORDER BY o LIMIT 1
        """;

    /// <summary>One write transaction; the fault point lets crash tests stop right after it committed.</summary>
    private async Task WriteAsync(Func<SqliteConnection, SqliteTransaction, PostingsBatch, CancellationToken, Task> write, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await BeginDataWriteAsync(c, ct).ConfigureAwait(false);
        var postings = TakePostings();
        try
        {
            await write(c, tx, postings, ct).ConfigureAwait(false);
            postings.Flush(c, tx);
        }
        finally
        {
            ReturnPostings(postings);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        _faults.Reached(IndexFaultPoint.AfterWrite);
    }

    private static async Task DeleteRowsAsync(SqliteConnection c, SqliteTransaction tx, PostingsBatch postings, long id, CancellationToken ct)
    {
        postings.DeleteDocument(c, tx, id);
        await ExecAsync(c, """
            DELETE FROM passages WHERE document_id=$id;
            DELETE FROM sentences WHERE document_id=$id;
            DELETE FROM documents WHERE id=$id;
            """, ct, tx, ("$id", id)).ConfigureAwait(false);
    }
}
