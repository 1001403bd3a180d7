using System.Data;
using System.Globalization;
using System.Text.Json;
using Bot.Core.Chunking;
using Bot.Core.Search;
using Bot.Core.Search.Vectors;
using Bot.Core.Text;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Bot.Core.Indexing.Postgres;

/// <summary>
/// The index in a PostgreSQL database (schema <c>bot_index</c>), shared by several bot processes. Same semantics as the
/// SQLite store: one transaction per document write, readers on a REPEATABLE READ snapshot, schema version in a meta
/// table with an automatic rebuild. Full text: a tsvector per passage and sentence (english configuration, GIN index),
/// ranked by a BM25 approximation (see docs/postgres.md); sentence frequencies per Porter stem in a table kept per document.
/// </summary>
public sealed class PostgresIndexStore : IIndexStore, IAsyncDisposable, IDisposable
{
    /// <summary>
    /// v2: mirrors SQLite schema v2 (aliases, passage vectors by model and passage hash). v3: sentence hashes and sentence
    /// vectors, as SQLite v3; a v2 index is upgraded in place (passage vectors kept), older ones are rebuilt.
    /// </summary>
    public const int SchemaVersion = 3;

    /// <summary>The schema the store owns: dropped and re-created whole on a version change.</summary>
    public const string SchemaName = "bot_index";

    // Why a transaction-level advisory lock: two processes starting at once must not both (re)create the schema.
    private const long InitLockKey = 0x626F_745F_696E_6974; // "bot_init"

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<PostgresIndexStore> _logger;
    private readonly IIndexFaultPoints _faults;

    public PostgresIndexStore(string connectionString, ILogger<PostgresIndexStore> logger, IIndexFaultPoints? faults = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _logger = logger;
        _faults = faults ?? NoIndexFaultPoints.Instance;
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = SchemaName };
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "bot";
        ConnectionString = builder.ConnectionString;
        Description = Describe(builder);
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>The connection string in use (with the password: never log it; log <see cref="Description"/>).</summary>
    internal string ConnectionString { get; }

    /// <summary>"PostgreSQL host:port/database" — safe to show and log.</summary>
    public string Description { get; }

    internal static string Describe(NpgsqlConnectionStringBuilder b) =>
        string.Create(CultureInfo.InvariantCulture, $"PostgreSQL {b.Host}:{b.Port}/{b.Database}");

    internal ValueTask<NpgsqlConnection> OpenAsync(CancellationToken ct) => _dataSource.OpenConnectionAsync(ct);

    public async Task<bool> InitializeAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (await ReadVersionAsync(c, null, cancellationToken).ConfigureAwait(false) == SchemaVersion) return false;

        await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(c, tx, "SELECT pg_advisory_xact_lock(@k)", cancellationToken, ("k", InitLockKey)).ConfigureAwait(false);
        var version = await ReadVersionAsync(c, tx, cancellationToken).ConfigureAwait(false);
        if (version == SchemaVersion) return false; // another process created it while we waited
        // Shards of two bot versions share this index during a rolling upgrade: only ever rebuild forwards.
        if (version > SchemaVersion)
            throw new IndexSchemaTooNewException(string.Create(CultureInfo.InvariantCulture,
                $"the index in {Description} has schema version {version}, newer than this bot's {SchemaVersion}; upgrade this bot (the index is left as it is)"));
        if (version == 2)
        {
            // Why upgrade rather than rebuild: a rebuild would drop the passage vectors, and re-embedding costs far more.
            EnsureUpgradeSupported(Convert.ToInt32(await ScalarAsync(c, tx, "SELECT current_setting('server_version_num')::int", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture));
            _logger.LogInformation("Upgrading the index schema (2 → {New}) in {Store}: sentence hashes and sentence vectors", SchemaVersion, Description);
            await ExecAsync(c, tx, UpgradeFromV2, cancellationToken).ConfigureAwait(false);
            await ExecAsync(c, tx, "UPDATE meta SET value = @v WHERE key = 'schema_version'", cancellationToken,
                ("v", SchemaVersion.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }
        bool rebuilt = version is not null
            || await ScalarAsync(c, tx, "SELECT 1 FROM pg_namespace WHERE nspname = @s", cancellationToken, ("s", SchemaName)).ConfigureAwait(false) is not null;
        if (rebuilt)
            _logger.LogWarning("Index schema changed ({Old} → {New}); rebuilding the index in {Store}", version?.ToString(CultureInfo.InvariantCulture) ?? "unknown", SchemaVersion, Description);
        // The schema is the store's own: dropping it whole also drops tables of older versions we no longer know.
        await ExecAsync(c, tx, $"DROP SCHEMA IF EXISTS {SchemaName} CASCADE; CREATE SCHEMA {SchemaName};", cancellationToken).ConfigureAwait(false);
        await ExecAsync(c, tx, Schema, cancellationToken).ConfigureAwait(false);
        await ExecAsync(c, tx, "INSERT INTO meta(key, value) VALUES ('schema_version', @v)", cancellationToken,
            ("v", SchemaVersion.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return rebuilt;
    }

    /// <summary>The v2 → v3 upgrade hashes sentences with sha256(), which PostgreSQL has from version 11 on.</summary>
    /// <exception cref="NpgsqlException">The server is older than PostgreSQL 11 (reported like any index failure, exit 3).</exception>
    internal void EnsureUpgradeSupported(int serverVersionNum)
    {
        if (serverVersionNum >= 110000) return;
        // Why refuse rather than rebuild: a rebuild drops every passage vector, and v2 shards may still be using them.
        throw new NpgsqlException(string.Create(CultureInfo.InvariantCulture,
            $"upgrading the index in {Description} from schema version 2 to {SchemaVersion} needs PostgreSQL 11 or newer (server_version_num is {serverVersionNum}); upgrade the server, or drop the schema {SchemaName} to have the index rebuilt from the seeds (passage vectors are then embedded again)"));
    }

    private static async Task<int?> ReadVersionAsync(NpgsqlConnection c, NpgsqlTransaction? tx, CancellationToken ct)
    {
        if (await ScalarAsync(c, tx, "SELECT to_regclass(@t)::text", ct, ("t", SchemaName + ".meta")).ConfigureAwait(false) is null) return null;
        var v = await ScalarAsync(c, tx, "SELECT value FROM meta WHERE key = 'schema_version'", ct).ConfigureAwait(false) as string;
        return int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
    }

    // tsv columns are computed when a row is written (title weight D, text weight A); "length" is the word count BM25
    // normalises by. sentence_stems: per document, in how many of its sentences each Porter stem occurs.
    private const string Schema = """
        CREATE TABLE meta(key text PRIMARY KEY, value text NOT NULL);
        CREATE TABLE documents(
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            path text NOT NULL UNIQUE,
            title text NOT NULL,
            url text,
            metadata text NOT NULL,
            content_hash text NOT NULL,
            size bigint NOT NULL,
            modified_ticks bigint NOT NULL,
            paragraphs int NOT NULL,
            indexed_at timestamptz NOT NULL,
            text text NOT NULL);
        CREATE INDEX documents_hash ON documents(content_hash);
        CREATE TABLE passages(
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            document_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ordinal int NOT NULL, paragraph int NOT NULL, start int NOT NULL, "end" int NOT NULL,
            first_sentence int NOT NULL, last_sentence int NOT NULL, tokens int NOT NULL,
            hash text COLLATE "C" NOT NULL, text text NOT NULL, length int NOT NULL, tsv tsvector NOT NULL);
        CREATE INDEX passages_doc ON passages(document_id);
        CREATE INDEX passages_hash ON passages(hash);
        CREATE INDEX passages_tsv ON passages USING gin(tsv);
        CREATE TABLE sentences(
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            document_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ordinal int NOT NULL, paragraph int NOT NULL, start int NOT NULL, "end" int NOT NULL,
            hash text COLLATE "C" NOT NULL, text text NOT NULL, length int NOT NULL, tsv tsvector NOT NULL);
        CREATE INDEX sentences_doc ON sentences(document_id, paragraph);
        CREATE INDEX sentences_hash ON sentences(hash);
        CREATE INDEX sentences_tsv ON sentences USING gin(tsv);
        CREATE TABLE sentence_stems(
            document_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            stem text COLLATE "C" NOT NULL, sentences int NOT NULL,
            PRIMARY KEY(document_id, stem));
        CREATE INDEX sentence_stems_stem ON sentence_stems(stem);
        CREATE TABLE aliases(
            path text PRIMARY KEY, content_hash text NOT NULL, size bigint NOT NULL, modified_ticks bigint NOT NULL);
        CREATE TABLE passage_vectors(
            model_key text COLLATE "C" NOT NULL, passage_hash text COLLATE "C" NOT NULL, encoding int NOT NULL, vector bytea NOT NULL,
            PRIMARY KEY(model_key, passage_hash));
        CREATE TABLE sentence_vectors(
            model_key text COLLATE "C" NOT NULL, sentence_hash text COLLATE "C" NOT NULL, encoding int NOT NULL, vector bytea NOT NULL,
            PRIMARY KEY(model_key, sentence_hash));
        """;

    // The hash as ContentHash.Of computes it (first 32 hex digits of the UTF-8 text's SHA-256; sha256() needs PostgreSQL 11).
    // DEFAULT '' stays (as in SQLite): v2 shards still running during a rolling upgrade insert sentences without a
    // hash, and NOT NULL without a default would make every one of their writes fail. Such sentences are hashed by the
    // next v3 embedding pass (HashUnhashedSentencesAsync) and never get a vector under ''.
    private const string UpgradeFromV2 = """
        ALTER TABLE sentences ADD COLUMN hash text COLLATE "C" NOT NULL DEFAULT '';
        UPDATE sentences SET hash = substr(encode(sha256(convert_to(text, 'UTF8')), 'hex'), 1, 32);
        CREATE INDEX sentences_hash ON sentences(hash);
        CREATE TABLE sentence_vectors(
            model_key text COLLATE "C" NOT NULL, sentence_hash text COLLATE "C" NOT NULL, encoding int NOT NULL, vector bytea NOT NULL,
            PRIMARY KEY(model_key, sentence_hash));
        """;

    public async Task<IReadOnlyList<StoredDocument>> ListDocumentsAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("SELECT id, path, title, content_hash, size, modified_ticks FROM documents ORDER BY id", c);
        var list = new List<StoredDocument>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            list.Add(new StoredDocument(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetInt64(5)));
        return list;
    }

    public async Task<IReadOnlyList<StoredAlias>> ListAliasesAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("SELECT path, content_hash, size, modified_ticks FROM aliases ORDER BY path COLLATE \"C\"", c);
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
        await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Cascades to passages, sentences and stems of the old version.
        await ExecAsync(c, tx, "DELETE FROM documents WHERE path = @p; DELETE FROM aliases WHERE path = @p", cancellationToken, ("p", doc.Path)).ConfigureAwait(false);

        var id = (long)(await ScalarAsync(c, tx, """
            INSERT INTO documents(path, title, url, metadata, content_hash, size, modified_ticks, paragraphs, indexed_at, text)
            VALUES (@path, @title, @url, @meta, @hash, @size, @mtime, @paras, @at, @text) RETURNING id
            """, cancellationToken,
            ("path", doc.Path), ("title", doc.Title), ("url", (object?)doc.Url ?? DBNull.Value),
            ("meta", JsonSerializer.Serialize(doc.Metadata)), ("hash", doc.ContentHash), ("size", stamp.Size),
            ("mtime", stamp.ModifiedTicks), ("paras", doc.Paragraphs.Count), ("at", DateTime.UtcNow), ("text", doc.Text)).ConfigureAwait(false))!;

        // One round trip per table: arrays unnested server-side, ids assigned in ordinal order.
        var ps = document.Passages;
        await ExecAsync(c, tx, """
            INSERT INTO passages(document_id, ordinal, paragraph, start, "end", first_sentence, last_sentence, tokens, hash, text, length, tsv)
            SELECT @d, t.o, t.p, t.s, t.e, t.fs, t.ls, t.tk, t.h, t.x, t.l,
                   setweight(to_tsvector('english', @title), 'D') || setweight(to_tsvector('english', t.x), 'A')
            FROM unnest(@o, @p, @s, @e, @fs, @ls, @tk, @h, @x, @l) AS t(o, p, s, e, fs, ls, tk, h, x, l)
            ORDER BY t.o
            """, cancellationToken,
            ("d", id), ("title", doc.Title),
            ("o", ps.Select(p => p.Ordinal).ToArray()), ("p", ps.Select(p => p.Paragraph).ToArray()),
            ("s", ps.Select(p => p.Start).ToArray()), ("e", ps.Select(p => p.End).ToArray()),
            ("fs", ps.Select(p => p.FirstSentence).ToArray()), ("ls", ps.Select(p => p.LastSentence).ToArray()),
            ("tk", ps.Select(p => p.Tokens).ToArray()), ("h", ps.Select(p => p.Hash).ToArray()), ("x", ps.Select(p => p.Text).ToArray()),
            ("l", ps.Select(p => WordCount(doc.Title) + WordCount(p.Text)).ToArray())).ConfigureAwait(false);

        var ss = document.Sentences;
        await ExecAsync(c, tx, """
            INSERT INTO sentences(document_id, ordinal, paragraph, start, "end", hash, text, length, tsv)
            SELECT @d, t.o, t.p, t.s, t.e, t.h, t.x, t.l, to_tsvector('english', t.x)
            FROM unnest(@o, @p, @s, @e, @h, @x, @l) AS t(o, p, s, e, h, x, l)
            ORDER BY t.o
            """, cancellationToken,
            ("d", id), ("o", ss.Select(s => s.Ordinal).ToArray()), ("p", ss.Select(s => s.Paragraph).ToArray()),
            ("s", ss.Select(s => s.Start).ToArray()), ("e", ss.Select(s => s.End).ToArray()),
            ("h", ss.Select(s => s.Hash).ToArray()),
            ("x", ss.Select(s => s.Text).ToArray()), ("l", ss.Select(s => WordCount(s.Text)).ToArray())).ConfigureAwait(false);

        var stems = SentenceStemCounts(ss.Select(s => s.Text));
        await ExecAsync(c, tx, "INSERT INTO sentence_stems(document_id, stem, sentences) SELECT @d, t.stem, t.n FROM unnest(@stem, @n) AS t(stem, n)",
            cancellationToken, ("d", id), ("stem", stems.Keys.ToArray()), ("n", stems.Values.ToArray())).ConfigureAwait(false);

        _faults.Reached(IndexFaultPoint.InUpsert);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        _faults.Reached(IndexFaultPoint.AfterWrite);
    }

    /// <summary>
    /// In how many sentences each stem occurs, keyed as the extractive answerer asks: the Porter stem of each word's
    /// normal form (FTS5's porter tokenizer in the SQLite store). Computed here because PostgreSQL's english
    /// configuration stems with Snowball, whose stems differ from Porter's for some words.
    /// </summary>
    internal static Dictionary<string, int> SentenceStemCounts(IEnumerable<string> sentences)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var sentence in sentences)
            foreach (var stem in WordTokenizer.Tokenize(sentence).Select(t => PorterStemmer.Stem(t.Normal)).Distinct(StringComparer.Ordinal))
                counts[stem] = counts.GetValueOrDefault(stem) + 1;
        return counts;
    }

    private static int WordCount(string text) => WordTokenizer.Tokenize(text).Count;

    public Task RemoveDocumentAsync(long documentId, CancellationToken cancellationToken) =>
        WriteAsync((c, tx, ct) => ExecAsync(c, tx, "DELETE FROM documents WHERE id = @id", ct, ("id", documentId)), cancellationToken);

    public Task MoveDocumentAsync(long documentId, string newPath, FileStamp stamp, CancellationToken cancellationToken) =>
        WriteAsync((c, tx, ct) => ExecAsync(c, tx, """
            DELETE FROM documents WHERE path = @p AND id <> @id;
            DELETE FROM aliases WHERE path = @p;
            UPDATE documents SET path = @p, size = @s, modified_ticks = @m WHERE id = @id;
            """, ct, ("p", newPath), ("id", documentId), ("s", stamp.Size), ("m", stamp.ModifiedTicks)), cancellationToken);

    public async Task TouchDocumentAsync(long documentId, FileStamp stamp, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(c, null, "UPDATE documents SET size = @s, modified_ticks = @m WHERE id = @id", cancellationToken,
            ("s", stamp.Size), ("m", stamp.ModifiedTicks), ("id", documentId)).ConfigureAwait(false);
    }

    public Task SetAliasAsync(StoredAlias alias, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alias);
        return WriteAsync((c, tx, ct) => ExecAsync(c, tx, """
            DELETE FROM documents WHERE path = @p;
            INSERT INTO aliases(path, content_hash, size, modified_ticks) VALUES (@p, @h, @s, @m)
            ON CONFLICT (path) DO UPDATE SET content_hash = excluded.content_hash, size = excluded.size, modified_ticks = excluded.modified_ticks;
            """, ct, ("p", alias.Path), ("h", alias.ContentHash), ("s", alias.Size), ("m", alias.ModifiedTicks)), cancellationToken);
    }

    public async Task RemoveAliasAsync(string path, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(c, null, "DELETE FROM aliases WHERE path = @p", cancellationToken, ("p", path)).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<PendingPassage>> ListPassagesWithoutVectorsAsync(string modelKey, string? afterHash, int limit, CancellationToken cancellationToken) =>
        ListWithoutVectorsAsync("""
            SELECT p.hash, min(p.text) FROM passages p
            WHERE p.hash > @after AND NOT EXISTS (SELECT 1 FROM passage_vectors v WHERE v.model_key = @k AND v.passage_hash = p.hash)
            GROUP BY p.hash ORDER BY p.hash LIMIT @n
            """, modelKey, afterHash, limit, cancellationToken);

    // hash > '' also skips a sentence without a hash (one a v2 shard wrote that the pass below missed): it must never
    // share one vector with others.
    public async Task<IReadOnlyList<PendingPassage>> ListSentencesWithoutVectorsAsync(string modelKey, string? afterHash, int limit, CancellationToken cancellationToken)
    {
        // The first page of an embedding pass first hashes what v2 shards wrote, so those sentences get vectors too.
        if (afterHash is null) await HashUnhashedSentencesAsync(cancellationToken).ConfigureAwait(false);
        return await ListWithoutVectorsAsync("""
            SELECT s.hash, min(s.text) FROM sentences s
            WHERE s.hash > @after AND NOT EXISTS (SELECT 1 FROM sentence_vectors v WHERE v.model_key = @k AND v.sentence_hash = s.hash)
            GROUP BY s.hash ORDER BY s.hash LIMIT @n
            """, modelKey, afterHash, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Gives sentences stored without a hash (by a v2 bot during a rolling upgrade: the column's default is '') the hash
    /// the chunker gives them, computed here with <see cref="ContentHash.Of"/> so it matches exactly and needs no sha256()
    /// on the server. Finds them through the hash index; a no-op once every shard runs v3.
    /// </summary>
    internal async Task<int> HashUnhashedSentencesAsync(CancellationToken cancellationToken)
    {
        const int Batch = 1000;
        int total = 0;
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var ids = new List<long>();
            var hashes = new List<string>();
            await using (var cmd = new NpgsqlCommand("SELECT id, text FROM sentences WHERE hash = '' ORDER BY id LIMIT @n", c))
            {
                cmd.Parameters.AddWithValue("n", Batch);
                await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    ids.Add(r.GetInt64(0));
                    hashes.Add(ContentHash.Of(r.GetString(1)));
                }
            }

            if (ids.Count == 0) return total;
            // "AND s.hash = ''": a row re-written meanwhile keeps the hash its writer gave it.
            await ExecAsync(c, null, "UPDATE sentences s SET hash = t.h FROM unnest(@id, @h) AS t(id, h) WHERE s.id = t.id AND s.hash = ''",
                cancellationToken, ("id", ids.ToArray()), ("h", hashes.ToArray())).ConfigureAwait(false);
            total += ids.Count;
            if (ids.Count < Batch) return total;
        }
    }

    private async Task<IReadOnlyList<PendingPassage>> ListWithoutVectorsAsync(string sql, string modelKey, string? afterHash, int limit, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(sql, c);
        cmd.Parameters.AddWithValue("k", modelKey);
        cmd.Parameters.AddWithValue("after", afterHash ?? "");
        cmd.Parameters.AddWithValue("n", limit);
        var list = new List<PendingPassage>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add(new PendingPassage(r.GetString(0), r.GetString(1)));
        return list;
    }

    public Task AddVectorsAsync(VectorBatch batch, CancellationToken cancellationToken) =>
        InsertVectorsAsync(batch, "passage_vectors", "passage_hash", cancellationToken);

    public Task AddSentenceVectorsAsync(VectorBatch batch, CancellationToken cancellationToken) =>
        InsertVectorsAsync(batch, "sentence_vectors", "sentence_hash", cancellationToken);

    // Passage and sentence vectors are stored alike, keyed by model and content hash; table and column are constants.
    // Never under the empty hash: every sentence a v2 shard left unhashed would share that one vector.
    private async Task InsertVectorsAsync(VectorBatch batch, string table, string hashColumn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(c, null, $"""
            INSERT INTO {table}(model_key, {hashColumn}, encoding, vector)
            SELECT @k, t.h, @e, t.v FROM unnest(@h, @v) AS t(h, v) WHERE t.h <> ''
            ON CONFLICT (model_key, {hashColumn}) DO UPDATE SET encoding = excluded.encoding, vector = excluded.vector
            """, cancellationToken, ("k", batch.ModelKey), ("e", (int)batch.Encoding),
            ("h", batch.Vectors.Select(v => v.PassageHash).ToArray()), ("v", batch.Vectors.Select(v => v.Blob).ToArray())).ConfigureAwait(false);
        _faults.Reached(IndexFaultPoint.AfterVectors);
    }

    public async Task<int> PruneVectorsAsync(string? modelKey, VectorEncoding encoding, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        int pruned = 0;
        // Sentence vectors go by the same rules as passage vectors, in the same transaction.
        foreach (var (table, hash, rows) in new[] { ("passage_vectors", "passage_hash", "passages"), ("sentence_vectors", "sentence_hash", "sentences") })
        {
            await using var cmd = new NpgsqlCommand(modelKey is null
                ? $"DELETE FROM {table} v WHERE NOT EXISTS (SELECT 1 FROM {rows} r WHERE r.hash = v.{hash})"
                : $"""
                  DELETE FROM {table} v WHERE v.model_key <> @k OR v.encoding <> @e
                      OR NOT EXISTS (SELECT 1 FROM {rows} r WHERE r.hash = v.{hash})
                  """, c, tx);
            if (modelKey is not null)
            {
                cmd.Parameters.AddWithValue("k", modelKey);
                cmd.Parameters.AddWithValue("e", (int)encoding);
            }
            pruned += await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return pruned;
    }

    public async Task<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var version = await ReadVersionAsync(c, null, cancellationToken).ConfigureAwait(false);
        if (version != SchemaVersion)
        {
            problems.Add(version is null
                ? $"there is no index in {Description} yet; run 'bot index' first"
                : $"schema version is {version.Value.ToString(CultureInfo.InvariantCulture)}, expected {SchemaVersion}");
            return problems;
        }
        await using var tx = await c.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false); // one snapshot for every check
        // Whole-index scans: no command timeout (the caller's token still cancels).
        async Task Check(string sql, Func<long, string> message)
        {
            await using var check = new NpgsqlCommand(sql, c, tx) { CommandTimeout = 0 };
            var n = (long)(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
            if (n != 0) problems.Add(message(n));
        }
        await Check("SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.document_id = d.id)",
            n => $"{n} document(s) without passages").ConfigureAwait(false);
        await Check("SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.document_id = d.id)",
            n => $"{n} document(s) without sentences").ConfigureAwait(false);
        // The full-text vectors are written with their rows; recomputing them finds any that are missing or stale.
        await Check("""
            SELECT count(*) FROM passages p JOIN documents d ON d.id = p.document_id
            WHERE p.tsv <> setweight(to_tsvector('english', d.title), 'D') || setweight(to_tsvector('english', p.text), 'A')
            """, n => $"{n} passage(s) missing from the full-text index").ConfigureAwait(false);
        await Check("SELECT count(*) FROM sentences WHERE tsv <> to_tsvector('english', text)",
            n => $"{n} sentence(s) missing from the full-text index").ConfigureAwait(false);
        await Check("""
            SELECT count(*) FROM documents d WHERE EXISTS (SELECT 1 FROM sentences s WHERE s.document_id = d.id)
                AND NOT EXISTS (SELECT 1 FROM sentence_stems t WHERE t.document_id = d.id)
            """, n => $"{n} document(s) without sentence frequencies").ConfigureAwait(false);
        await Check("SELECT count(*) FROM sentences WHERE hash = ''",
            n => $"{n} sentence(s) without a content hash (written by a v2 bot; the next indexing run with embeddings hashes them)").ConfigureAwait(false);
        await Check("SELECT count(*) FROM aliases a JOIN documents d ON d.path = a.path",
            n => $"{n} path(s) both indexed and recorded as a duplicate").ConfigureAwait(false);
        await Check("SELECT count(*) FROM (SELECT document_id FROM passages GROUP BY document_id HAVING count(*) <> max(ordinal) + 1) g",
            n => $"{n} document(s) with a gap in their passages").ConfigureAwait(false);
        await Check("SELECT count(*) FROM (SELECT document_id FROM sentences GROUP BY document_id HAVING count(*) <> max(ordinal) + 1) g",
            n => $"{n} document(s) with a gap in their sentences").ConfigureAwait(false);

        await using var cmd = new NpgsqlCommand(IndexRows.SpansQuery, c, tx) { CommandTimeout = 0 };
        var bad = await IndexRows.FindMismatchedSpansAsync(cmd, cancellationToken).ConfigureAwait(false);
        problems.AddRange(bad.Select(p => $"{p}: a stored passage or sentence does not match the document text"));
        return problems;
    }

    public async Task<IIndexReader> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // REPEATABLE READ: every query of this reader sees the snapshot taken at its first query.
            var tx = await c.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            await using (var ro = new NpgsqlCommand("SET TRANSACTION READ ONLY", c, tx))
                await ro.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new PostgresIndexReader(c, tx);
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
        await using var cmd = new NpgsqlCommand("""
            SELECT d.path, d.title, d.url, d.paragraphs,
                   (SELECT count(*) FROM passages p WHERE p.document_id = d.id)::int,
                   (SELECT count(*) FROM sentences s WHERE s.document_id = d.id)::int, d.indexed_at
            FROM documents d ORDER BY d.path COLLATE "C"
            """, c);
        var list = new List<SourceSummary>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            list.Add(new SourceSummary(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt32(3),
                r.GetInt32(4), r.GetInt32(5), r.GetFieldValue<DateTimeOffset>(6)));
        return list;
    }

    /// <summary>One write transaction; the fault point lets crash tests stop right after it committed.</summary>
    private async Task WriteAsync(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task> write, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        await write(c, tx, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        _faults.Reached(IndexFaultPoint.AfterWrite);
    }

    internal static async Task ExecAsync(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string Name, object Value)[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, c, tx);
        foreach (var (n, v) in args) cmd.Parameters.Add(Parameter(n, v));
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    internal static async Task<object?> ScalarAsync(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string Name, object Value)[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, c, tx);
        foreach (var (n, v) in args) cmd.Parameters.Add(Parameter(n, v));
        var result = await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return result is DBNull ? null : result;
    }

    // Why explicit types for arrays and text: unnest() needs typed arrays, and an untyped empty array would not infer.
    private static NpgsqlParameter Parameter(string name, object value) => value switch
    {
        string[] a => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = a },
        int[] a => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = a },
        byte[][] a => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = a },
        string s => new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = s },
        _ => new NpgsqlParameter(name, value),
    };

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();
}
