using System.Data;
using System.Globalization;
using System.Text.Json;
using Bot.Core.Chunking;
using Bot.Core.Search;
using Bot.Core.Text;
using Microsoft.Extensions.Logging;
using Npgsql;
using static Bot.Core.Indexing.Postgres.PostgresCommands;

namespace Bot.Core.Indexing.Postgres;

/// <summary>
/// The index in a PostgreSQL database (schema <c>bot_index</c>), shared by several bot processes. Same semantics as the
/// SQLite store: one transaction per document write, readers on a REPEATABLE READ snapshot, schema version in a meta
/// table with an automatic rebuild. Full text: a tsvector per passage and sentence (english configuration, GIN index),
/// ranked by a BM25 approximation (see docs/postgres.md); sentence frequencies per Porter stem in a table kept per document.
/// Documents, aliases and readers are here; the schema and its migrations are in <see cref="PostgresIndexSchema"/>,
/// vectors in <see cref="PostgresVectorStore"/>, the consistency checks in <see cref="PostgresIndexVerifier"/>.
/// </summary>
public sealed class PostgresIndexStore : IIndexStore, IAsyncDisposable, IDisposable
{
    /// <summary>
    /// v2: mirrors SQLite schema v2 (aliases, passage vectors by model and passage hash). v3: sentence hashes and sentence
    /// vectors, as SQLite v3. v4: each document's genre (<see cref="Documents.GenreDetector"/>), as SQLite v8. v2 and v3
    /// indexes are upgraded in place (passage vectors kept), older ones are rebuilt.
    /// </summary>
    public const int SchemaVersion = 4;

    /// <summary>The schema the store owns: dropped and re-created whole on a version change.</summary>
    public const string SchemaName = "bot_index";

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<PostgresIndexStore> _logger;
    private readonly IIndexFaultPoints _faults;
    private readonly PostgresVectorStore _vectors;

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
        _vectors = new PostgresVectorStore(OpenAsync, _faults);
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
        var rebuilt = await PostgresIndexSchema.EnsureAsync(c, _logger, Description, cancellationToken).ConfigureAwait(false);
        await PostgresIndexSchema.EnsureParserVersionAsync(c, _logger, Description, cancellationToken).ConfigureAwait(false);
        return rebuilt;
    }

    public async Task<string?> GetSeedManifestAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ScalarAsync(c, null, "SELECT value FROM meta WHERE key = 'seed_manifest'", cancellationToken).ConfigureAwait(false) as string;
    }

    public async Task SetSeedManifestAsync(string? manifest, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (manifest is null)
            await ExecAsync(c, null, "DELETE FROM meta WHERE key = 'seed_manifest'", cancellationToken).ConfigureAwait(false);
        else
            await ExecAsync(c, null, "INSERT INTO meta(key, value) VALUES ('seed_manifest', @v) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                cancellationToken, ("v", manifest)).ConfigureAwait(false);
    }

    /// <inheritdoc cref="PostgresIndexSchema.EnsureUpgradeSupported"/>
    internal void EnsureUpgradeSupported(int serverVersionNum) => PostgresIndexSchema.EnsureUpgradeSupported(Description, serverVersionNum);

    public async Task<IReadOnlyList<StoredDocument>> ListDocumentsAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, "SELECT id, path, title, content_hash, size, modified_ticks FROM documents ORDER BY id");
        return await AdoCommands.ReadAllAsync(cmd, IndexRows.ReadDocument, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredAlias>> ListAliasesAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, "SELECT path, content_hash, size, modified_ticks FROM aliases ORDER BY path COLLATE \"C\"");
        return await AdoCommands.ReadAllAsync(cmd, IndexRows.ReadAlias, cancellationToken).ConfigureAwait(false);
    }

    public Task UpsertDocumentAsync(ChunkedDocument document, FileStamp stamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        return UpsertDocumentsAsync([(document, stamp)], cancellationToken);
    }

    /// <summary>All the documents in one transaction.</summary>
    public async Task UpsertDocumentsAsync(IReadOnlyList<(ChunkedDocument Document, FileStamp Stamp)> documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (documents.Count == 0) return;
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (document, stamp) in documents)
            await WriteDocumentAsync(c, tx, document, stamp, cancellationToken).ConfigureAwait(false);
        _faults.Reached(IndexFaultPoint.InUpsert);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        _faults.Reached(IndexFaultPoint.AfterWrite);
    }

    private static async Task WriteDocumentAsync(NpgsqlConnection c, NpgsqlTransaction tx, ChunkedDocument document, FileStamp stamp, CancellationToken cancellationToken)
    {
        var doc = document.Document;
        // Cascades to passages, sentences and stems of the old version.
        await ExecAsync(c, tx, "DELETE FROM documents WHERE path = @p; DELETE FROM aliases WHERE path = @p", cancellationToken, ("p", doc.Path)).ConfigureAwait(false);

        var id = (long)(await ScalarAsync(c, tx, """
            INSERT INTO documents(path, title, url, metadata, content_hash, size, modified_ticks, paragraphs, indexed_at, text, genre)
            VALUES (@path, @title, @url, @meta, @hash, @size, @mtime, @paras, @at, @text, @genre) RETURNING id
            """, cancellationToken,
            ("path", doc.Path), ("title", doc.Title), ("url", (object?)doc.Url ?? DBNull.Value),
            ("meta", JsonSerializer.Serialize(doc.Metadata)), ("hash", doc.ContentHash), ("size", stamp.Size),
            ("mtime", stamp.ModifiedTicks), ("paras", doc.Paragraphs.Count), ("at", DateTime.UtcNow), ("text", doc.Text),
            ("genre", (short)Documents.GenreDetector.Detect(doc.Text))).ConfigureAwait(false))!;

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

    public IIndexVectorStore Vectors => _vectors;

    public async Task<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await PostgresIndexVerifier.VerifyAsync(c, Description, cancellationToken).ConfigureAwait(false);
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
        await using var cmd = Command(c, null, """
            SELECT d.path, d.title, d.url, d.paragraphs,
                   (SELECT count(*) FROM passages p WHERE p.document_id = d.id)::int,
                   (SELECT count(*) FROM sentences s WHERE s.document_id = d.id)::int, d.indexed_at, d.metadata
            FROM documents d ORDER BY d.path COLLATE "C"
            """);
        return await AdoCommands.ReadAllAsync(cmd, r => new SourceSummary(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
            r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.GetFieldValue<DateTimeOffset>(6)).WithMetadata(r.GetString(7)), cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> GetDocumentTextAsync(string path, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, """
            SELECT text FROM (
                SELECT text, 0 AS o FROM documents WHERE path = @p
                UNION ALL
                SELECT d.text, 1 FROM aliases a JOIN documents d ON d.content_hash = a.content_hash WHERE a.path = @p) t
            ORDER BY o LIMIT 1
            """, ("p", path));
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
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

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();
}
