using System.Globalization;
using System.Text.Json;
using Bot.Core.Chunking;
using Bot.Core.Search;
using Bot.Core.Search.Vectors;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Indexing;

/// <summary>The index in one SQLite file (WAL mode) with FTS5 tables for BM25.</summary>
public sealed class SqliteIndexStore : IIndexStore
{
    /// <summary>
    /// v2: aliases (duplicate files) and passage vectors keyed by model and passage hash. v3: sentence hashes and sentence
    /// vectors keyed by model and sentence hash; a v2 index is upgraded in place (its passage vectors are kept), older
    /// ones are rebuilt.
    /// </summary>
    public const int SchemaVersion = 3;

    private readonly string _connectionString;
    private readonly ILogger<SqliteIndexStore> _logger;
    private readonly IIndexFaultPoints _faults;

    public SqliteIndexStore(string databasePath, ILogger<SqliteIndexStore> logger, IIndexFaultPoints? faults = null)
    {
        ArgumentNullException.ThrowIfNull(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        _logger = logger;
        _faults = faults ?? NoIndexFaultPoints.Instance;
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

    internal async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var c = new SqliteConnection(_connectionString);
        await c.OpenAsync(ct).ConfigureAwait(false);
        await ExecAsync(c, "PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;", ct).ConfigureAwait(false);
        return c;
    }

    public async Task<bool> InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(c, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        var version = await ScalarAsync(c, "SELECT value FROM meta WHERE key='schema_version'", cancellationToken, ignoreMissingTable: true).ConfigureAwait(false);
        if (version is string v && v == SchemaVersion.ToString(CultureInfo.InvariantCulture)) return false;

        // BEGIN IMMEDIATE, then look again: two processes starting at once must not both (re)create the schema.
        await using var tx = BeginWrite(c);
        version = await ScalarAsync(c, "SELECT value FROM meta WHERE key='schema_version'", cancellationToken, ignoreMissingTable: true, tx).ConfigureAwait(false);
        if (version is string v2 && v2 == SchemaVersion.ToString(CultureInfo.InvariantCulture)) return false;
        if (version is "2")
        {
            // Why upgrade rather than rebuild: a rebuild would drop the passage vectors, and re-embedding costs far more.
            _logger.LogInformation("Upgrading the index schema (2 → {New}) at {Path}: sentence hashes and sentence vectors", SchemaVersion, DatabasePath);
            await UpgradeFromV2Async(c, tx, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }
        bool rebuilt = version is not null || await TableExistsAsync(c, "documents", cancellationToken, tx).ConfigureAwait(false);
        if (rebuilt)
            _logger.LogWarning("Index schema changed ({Old} → {New}); rebuilding the index at {Path}", version ?? "unknown", SchemaVersion, DatabasePath);
        foreach (var table in new[] { "passages_fts", "sentences_fts", "sentences_vocab", "passage_vectors", "sentence_vectors", "aliases", "sentences", "passages", "documents", "meta" })
            await ExecAsync(c, $"DROP TABLE IF EXISTS {table};", cancellationToken, tx).ConfigureAwait(false);
        await ExecAsync(c, Schema, cancellationToken, tx).ConfigureAwait(false);
        await ExecAsync(c, $"INSERT INTO meta(key, value) VALUES ('schema_version', '{SchemaVersion}');", cancellationToken, tx).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return rebuilt;
    }

    private const string Schema = """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE documents(
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            url TEXT,
            metadata TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            size INTEGER NOT NULL,
            modified_ticks INTEGER NOT NULL,
            paragraphs INTEGER NOT NULL,
            indexed_at TEXT NOT NULL,
            text TEXT NOT NULL);
        CREATE INDEX documents_hash ON documents(content_hash);
        -- Covers ListDocumentsAsync, so an incremental run reads the stored state without scanning the documents' text.
        CREATE INDEX documents_state ON documents(path, title, content_hash, size, modified_ticks);
        CREATE TABLE passages(
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL, paragraph INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            first_sentence INTEGER NOT NULL, last_sentence INTEGER NOT NULL, tokens INTEGER NOT NULL,
            hash TEXT NOT NULL, text TEXT NOT NULL);
        CREATE INDEX passages_doc ON passages(document_id);
        CREATE INDEX passages_hash ON passages(hash);
        CREATE TABLE sentences(
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL, paragraph INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            hash TEXT NOT NULL, text TEXT NOT NULL);
        CREATE INDEX sentences_doc ON sentences(document_id, paragraph);
        CREATE INDEX sentences_hash ON sentences(hash);
        CREATE TABLE aliases(
            path TEXT PRIMARY KEY, content_hash TEXT NOT NULL, size INTEGER NOT NULL, modified_ticks INTEGER NOT NULL);
        CREATE TABLE passage_vectors(
            model_key TEXT NOT NULL, passage_hash TEXT NOT NULL, encoding INTEGER NOT NULL, vector BLOB NOT NULL,
            PRIMARY KEY(model_key, passage_hash)) WITHOUT ROWID;
        CREATE TABLE sentence_vectors(
            model_key TEXT NOT NULL, sentence_hash TEXT NOT NULL, encoding INTEGER NOT NULL, vector BLOB NOT NULL,
            PRIMARY KEY(model_key, sentence_hash)) WITHOUT ROWID;
        CREATE VIRTUAL TABLE passages_fts USING fts5(title, text, tokenize = 'porter unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE sentences_fts USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE sentences_vocab USING fts5vocab(sentences_fts, 'row');
        """;

    /// <summary>v2 → v3 inside the caller's transaction: hashes every stored sentence (in .NET, as the chunker does) and adds the table.</summary>
    private static async Task UpgradeFromV2Async(SqliteConnection c, SqliteTransaction tx, CancellationToken ct)
    {
        c.CreateFunction("bot_content_hash", (string text) => ContentHash.Of(text), isDeterministic: true);
        await ExecAsync(c, """
            ALTER TABLE sentences ADD COLUMN hash TEXT NOT NULL DEFAULT '';
            UPDATE sentences SET hash = bot_content_hash(text);
            CREATE INDEX sentences_hash ON sentences(hash);
            CREATE TABLE sentence_vectors(
                model_key TEXT NOT NULL, sentence_hash TEXT NOT NULL, encoding INTEGER NOT NULL, vector BLOB NOT NULL,
                PRIMARY KEY(model_key, sentence_hash)) WITHOUT ROWID;
            """, ct, tx).ConfigureAwait(false);
        await ExecAsync(c, $"UPDATE meta SET value = '{SchemaVersion}' WHERE key = 'schema_version';", ct, tx).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredDocument>> ListDocumentsAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, path, title, content_hash, size, modified_ticks FROM documents";
        var list = new List<StoredDocument>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            list.Add(new StoredDocument(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetInt64(5)));
        return list;
    }

    public async Task<IReadOnlyList<StoredAlias>> ListAliasesAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT path, content_hash, size, modified_ticks FROM aliases ORDER BY path";
        var list = new List<StoredAlias>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            list.Add(new StoredAlias(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3)));
        return list;
    }

    public async Task UpsertDocumentAsync(ChunkedDocument document, FileStamp stamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var doc = document.Document;
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await BeginDataWriteAsync(c, cancellationToken).ConfigureAwait(false);
        var existing = await ScalarAsync(c, "SELECT id FROM documents WHERE path=$p", cancellationToken, tx, ("$p", doc.Path)).ConfigureAwait(false);
        if (existing is long oldId) await DeleteRowsAsync(c, tx, oldId, cancellationToken).ConfigureAwait(false);
        await ExecAsync(c, "DELETE FROM aliases WHERE path=$p", cancellationToken, tx, ("$p", doc.Path)).ConfigureAwait(false);

        var id = (long)(await ScalarAsync(c, """
            INSERT INTO documents(path, title, url, metadata, content_hash, size, modified_ticks, paragraphs, indexed_at, text)
            VALUES ($path, $title, $url, $meta, $hash, $size, $mtime, $paras, $at, $text) RETURNING id
            """, cancellationToken, tx,
            ("$path", doc.Path), ("$title", doc.Title), ("$url", (object?)doc.Url ?? DBNull.Value),
            ("$meta", JsonSerializer.Serialize(doc.Metadata)), ("$hash", doc.ContentHash), ("$size", stamp.Size),
            ("$mtime", stamp.ModifiedTicks), ("$paras", doc.Paragraphs.Count),
            ("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)), ("$text", doc.Text)).ConfigureAwait(false))!;

        await using (var ins = c.CreateCommand())
        await using (var fts = c.CreateCommand())
        {
            ins.Transaction = tx; fts.Transaction = tx;
            ins.CommandText = """
                INSERT INTO passages(document_id, ordinal, paragraph, start, "end", first_sentence, last_sentence, tokens, hash, text)
                VALUES ($d, $o, $p, $s, $e, $fs, $ls, $t, $h, $x) RETURNING id
                """;
            fts.CommandText = "INSERT INTO passages_fts(rowid, title, text) VALUES ($id, $title, $x)";
            var ps = Params(ins, "$d", "$o", "$p", "$s", "$e", "$fs", "$ls", "$t", "$h", "$x");
            var fp = Params(fts, "$id", "$title", "$x");
            foreach (var p in document.Passages)
            {
                ps[0].Value = id; ps[1].Value = p.Ordinal; ps[2].Value = p.Paragraph; ps[3].Value = p.Start; ps[4].Value = p.End;
                ps[5].Value = p.FirstSentence; ps[6].Value = p.LastSentence; ps[7].Value = p.Tokens; ps[8].Value = p.Hash; ps[9].Value = p.Text;
                var pid = (long)(await ins.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                fp[0].Value = pid; fp[1].Value = doc.Title; fp[2].Value = p.Text;
                await fts.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        await using (var ins = c.CreateCommand())
        await using (var fts = c.CreateCommand())
        {
            ins.Transaction = tx; fts.Transaction = tx;
            ins.CommandText = """
                INSERT INTO sentences(document_id, ordinal, paragraph, start, "end", hash, text) VALUES ($d, $o, $p, $s, $e, $h, $x) RETURNING id
                """;
            fts.CommandText = "INSERT INTO sentences_fts(rowid, text) VALUES ($id, $x)";
            var ps = Params(ins, "$d", "$o", "$p", "$s", "$e", "$h", "$x");
            var fp = Params(fts, "$id", "$x");
            foreach (var s in document.Sentences)
            {
                ps[0].Value = id; ps[1].Value = s.Ordinal; ps[2].Value = s.Paragraph; ps[3].Value = s.Start; ps[4].Value = s.End;
                ps[5].Value = s.Hash; ps[6].Value = s.Text;
                var sid = (long)(await ins.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                fp[0].Value = sid; fp[1].Value = s.Text;
                await fts.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        _faults.Reached(IndexFaultPoint.InUpsert);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        _faults.Reached(IndexFaultPoint.AfterWrite);
    }

    public Task RemoveDocumentAsync(long documentId, CancellationToken cancellationToken) =>
        WriteAsync((c, tx, ct) => DeleteRowsAsync(c, tx, documentId, ct), cancellationToken);

    public Task MoveDocumentAsync(long documentId, string newPath, FileStamp stamp, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx, ct) =>
        {
            var other = await ScalarAsync(c, "SELECT id FROM documents WHERE path=$p AND id<>$id", ct, tx, ("$p", newPath), ("$id", documentId)).ConfigureAwait(false);
            if (other is long otherId) await DeleteRowsAsync(c, tx, otherId, ct).ConfigureAwait(false);
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
        return WriteAsync(async (c, tx, ct) =>
        {
            var doc = await ScalarAsync(c, "SELECT id FROM documents WHERE path=$p", ct, tx, ("$p", alias.Path)).ConfigureAwait(false);
            if (doc is long docId) await DeleteRowsAsync(c, tx, docId, ct).ConfigureAwait(false);
            await ExecAsync(c, "INSERT OR REPLACE INTO aliases(path, content_hash, size, modified_ticks) VALUES ($p, $h, $s, $m)", ct, tx,
                ("$p", alias.Path), ("$h", alias.ContentHash), ("$s", alias.Size), ("$m", alias.ModifiedTicks)).ConfigureAwait(false);
        }, cancellationToken);
    }

    public async Task RemoveAliasAsync(string path, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(c, "DELETE FROM aliases WHERE path=$p", cancellationToken, null, ("$p", path)).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<PendingPassage>> ListPassagesWithoutVectorsAsync(string modelKey, string? afterHash, int limit, CancellationToken cancellationToken) =>
        ListWithoutVectorsAsync("""
            SELECT p.hash, min(p.text) FROM passages p
            WHERE p.hash > $after AND NOT EXISTS (SELECT 1 FROM passage_vectors v WHERE v.model_key=$k AND v.passage_hash=p.hash)
            GROUP BY p.hash ORDER BY p.hash LIMIT $n
            """, modelKey, afterHash, limit, cancellationToken);

    // hash > '' also skips a sentence without a hash (none should exist): it must never share one vector with others.
    public Task<IReadOnlyList<PendingPassage>> ListSentencesWithoutVectorsAsync(string modelKey, string? afterHash, int limit, CancellationToken cancellationToken) =>
        ListWithoutVectorsAsync("""
            SELECT s.hash, min(s.text) FROM sentences s
            WHERE s.hash > $after AND NOT EXISTS (SELECT 1 FROM sentence_vectors v WHERE v.model_key=$k AND v.sentence_hash=s.hash)
            GROUP BY s.hash ORDER BY s.hash LIMIT $n
            """, modelKey, afterHash, limit, cancellationToken);

    private async Task<IReadOnlyList<PendingPassage>> ListWithoutVectorsAsync(string sql, string modelKey, string? afterHash, int limit, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$k", modelKey);
        cmd.Parameters.AddWithValue("$after", afterHash ?? "");
        cmd.Parameters.AddWithValue("$n", limit);
        var list = new List<PendingPassage>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add(new PendingPassage(r.GetString(0), r.GetString(1)));
        return list;
    }

    public async Task AddVectorsAsync(VectorBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await BeginDataWriteAsync(c, cancellationToken).ConfigureAwait(false);
        await InsertVectorsAsync(c, tx, batch, "passage_vectors", "passage_hash", cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        _faults.Reached(IndexFaultPoint.AfterVectors);
    }

    public async Task AddSentenceVectorsAsync(VectorBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // No generation bump: the stamp tracks passage vectors (the retriever's in-memory index), not sentence ones.
        await using var tx = BeginWrite(c);
        await InsertVectorsAsync(c, tx, batch, "sentence_vectors", "sentence_hash", cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        _faults.Reached(IndexFaultPoint.AfterVectors);
    }

    public async Task<int> PruneVectorsAsync(string? modelKey, VectorEncoding encoding, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = BeginWrite(c);
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = modelKey is null
            ? "DELETE FROM passage_vectors WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.hash = passage_hash)"
            : """
              DELETE FROM passage_vectors WHERE model_key<>$k OR encoding<>$e
                  OR NOT EXISTS (SELECT 1 FROM passages p WHERE p.hash = passage_hash)
              """;
        if (modelKey is not null)
        {
            cmd.Parameters.AddWithValue("$k", modelKey);
            cmd.Parameters.AddWithValue("$e", (int)encoding);
        }
        var pruned = await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (pruned > 0) await BumpGenerationAsync(c, tx, cancellationToken).ConfigureAwait(false);
        // Sentence vectors go by the same rules, in the same transaction.
        cmd.CommandText = modelKey is null
            ? "DELETE FROM sentence_vectors WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.hash = sentence_hash)"
            : """
              DELETE FROM sentence_vectors WHERE model_key<>$k OR encoding<>$e
                  OR NOT EXISTS (SELECT 1 FROM sentences s WHERE s.hash = sentence_hash)
              """;
        pruned += await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return pruned;
    }

    public async Task<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var version = await ScalarAsync(c, "SELECT value FROM meta WHERE key='schema_version'", cancellationToken, ignoreMissingTable: true).ConfigureAwait(false);
        if (version as string != SchemaVersion.ToString(CultureInfo.InvariantCulture))
        {
            problems.Add($"schema version is {version ?? "missing"}, expected {SchemaVersion}");
            return problems;
        }
        await using var tx = c.BeginTransaction(deferred: true); // one snapshot for every check
        async Task Check(string sql, Func<long, string> message)
        {
            var n = (long)(await ScalarAsync(c, sql, cancellationToken, tx).ConfigureAwait(false) ?? 0L);
            if (n != 0) problems.Add(message(n));
        }
        var quick = await ScalarAsync(c, "PRAGMA quick_check", cancellationToken, tx).ConfigureAwait(false) as string;
        if (quick != "ok") problems.Add($"SQLite quick_check: {quick}");
        await Check("SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.document_id = d.id)",
            n => $"{n} document(s) without passages").ConfigureAwait(false);
        await Check("SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.document_id = d.id)",
            n => $"{n} document(s) without sentences").ConfigureAwait(false);
        await Check("SELECT count(*) FROM passages p WHERE NOT EXISTS (SELECT 1 FROM passages_fts f WHERE f.rowid = p.id)",
            n => $"{n} passage(s) missing from the full-text index").ConfigureAwait(false);
        await Check("SELECT count(*) FROM passages_fts f WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.id = f.rowid)",
            n => $"{n} full-text passage row(s) without a passage").ConfigureAwait(false);
        await Check("SELECT count(*) FROM sentences s WHERE NOT EXISTS (SELECT 1 FROM sentences_fts f WHERE f.rowid = s.id)",
            n => $"{n} sentence(s) missing from the full-text index").ConfigureAwait(false);
        await Check("SELECT count(*) FROM sentences_fts f WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.id = f.rowid)",
            n => $"{n} full-text sentence row(s) without a sentence").ConfigureAwait(false);
        await Check("SELECT count(*) FROM passages p WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = p.document_id)",
            n => $"{n} passage(s) of a missing document").ConfigureAwait(false);
        await Check("SELECT count(*) FROM sentences s WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = s.document_id)",
            n => $"{n} sentence(s) of a missing document").ConfigureAwait(false);
        await Check("SELECT count(*) FROM sentences WHERE hash = ''",
            n => $"{n} sentence(s) without a content hash").ConfigureAwait(false);
        await Check("SELECT count(*) FROM aliases a JOIN documents d ON d.path = a.path",
            n => $"{n} path(s) both indexed and recorded as a duplicate").ConfigureAwait(false);
        await Check("SELECT count(*) FROM (SELECT document_id FROM passages GROUP BY document_id HAVING count(*) <> max(ordinal) + 1)",
            n => $"{n} document(s) with a gap in their passages").ConfigureAwait(false);
        await Check("SELECT count(*) FROM (SELECT document_id FROM sentences GROUP BY document_id HAVING count(*) <> max(ordinal) + 1)",
            n => $"{n} document(s) with a gap in their sentences").ConfigureAwait(false);

        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = IndexRows.SpansQuery;
        var bad = await IndexRows.FindMismatchedSpansAsync(cmd, cancellationToken).ConfigureAwait(false);
        problems.AddRange(bad.Select(p => $"{p}: a stored passage or sentence does not match the document text"));
        return problems;
    }

    public async Task<IIndexReader> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var tx = c.BeginTransaction(deferred: true);
            return new SqliteIndexReader(c, tx);
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
        await using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT d.path, d.title, d.url, d.paragraphs,
                   (SELECT count(*) FROM passages p WHERE p.document_id = d.id),
                   (SELECT count(*) FROM sentences s WHERE s.document_id = d.id), d.indexed_at
            FROM documents d ORDER BY d.path
            """;
        var list = new List<SourceSummary>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            list.Add(new SourceSummary(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt32(3),
                r.GetInt32(4), r.GetInt32(5), DateTimeOffset.Parse(r.GetString(6), CultureInfo.InvariantCulture)));
        return list;
    }

    /// <summary>
    /// BEGIN IMMEDIATE: takes SQLite's write lock up front, so a write never fails half-way on a lock upgrade (readers
    /// keep reading their WAL snapshot meanwhile).
    /// </summary>
    private static SqliteTransaction BeginWrite(SqliteConnection c) => c.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false);

    /// <summary>
    /// A write transaction that may change passages or vectors: it bumps <c>meta.generation</c> inside the same
    /// transaction, so readers learn in O(1) whether anything changed (the hybrid retriever keeps its in-memory vector
    /// index until then) — and a rolled-back write bumps nothing.
    /// </summary>
    private static Task BumpGenerationAsync(SqliteConnection c, SqliteTransaction tx, CancellationToken ct) =>
        ExecAsync(c, "INSERT INTO meta(key, value) VALUES ('generation', '1') ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1", ct, tx);

    private static async Task<SqliteTransaction> BeginDataWriteAsync(SqliteConnection c, CancellationToken ct)
    {
        var tx = BeginWrite(c);
        try
        {
            await BumpGenerationAsync(c, tx, ct).ConfigureAwait(false);
            return tx;
        }
        catch
        {
            await tx.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>One write transaction; the fault point lets crash tests stop right after it committed.</summary>
    private async Task WriteAsync(Func<SqliteConnection, SqliteTransaction, CancellationToken, Task> write, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await BeginDataWriteAsync(c, ct).ConfigureAwait(false);
        await write(c, tx, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        _faults.Reached(IndexFaultPoint.AfterWrite);
    }

    private static async Task InsertVectorsAsync(SqliteConnection c, SqliteTransaction tx, VectorBatch batch, string table, string hashColumn, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT OR REPLACE INTO {table}(model_key, {hashColumn}, encoding, vector) VALUES ($k, $h, $e, $v)";
        cmd.Parameters.AddWithValue("$k", batch.ModelKey);
        cmd.Parameters.AddWithValue("$e", (int)batch.Encoding);
        var h = cmd.Parameters.Add(new SqliteParameter("$h", ""));
        var v = cmd.Parameters.Add(new SqliteParameter("$v", Array.Empty<byte>()));
        foreach (var vector in batch.Vectors)
        {
            h.Value = vector.PassageHash;
            v.Value = vector.Blob;
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }

    private static async Task DeleteRowsAsync(SqliteConnection c, SqliteTransaction tx, long id, CancellationToken ct)
    {
        await ExecAsync(c, """
            DELETE FROM passages_fts WHERE rowid IN (SELECT id FROM passages WHERE document_id=$id);
            DELETE FROM sentences_fts WHERE rowid IN (SELECT id FROM sentences WHERE document_id=$id);
            DELETE FROM passages WHERE document_id=$id;
            DELETE FROM sentences WHERE document_id=$id;
            DELETE FROM documents WHERE id=$id;
            """, ct, tx, ("$id", id)).ConfigureAwait(false);
    }

    private static SqliteParameter[] Params(SqliteCommand cmd, params string[] names) =>
        names.Select(n => cmd.Parameters.Add(new SqliteParameter(n, null))).ToArray();

    internal static async Task ExecAsync(SqliteConnection c, string sql, CancellationToken ct, SqliteTransaction? tx = null, params (string, object)[] args)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection c, string sql, CancellationToken ct, SqliteTransaction? tx = null,
        params (string, object)[] args)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v);
        var result = await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return result is DBNull ? null : result;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection c, string sql, CancellationToken ct, bool ignoreMissingTable, SqliteTransaction? tx = null)
    {
        try { return await ScalarAsync(c, sql, ct, tx).ConfigureAwait(false); }
        catch (SqliteException e) when (ignoreMissingTable && e.Message.Contains("no such table", StringComparison.Ordinal)) { return null; }
    }

    private static async Task<bool> TableExistsAsync(SqliteConnection c, string name, CancellationToken ct, SqliteTransaction? tx = null) =>
        await ScalarAsync(c, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=$n", ct, tx, ("$n", name)).ConfigureAwait(false) is not null;
}
