using System.Globalization;
using Bot.Core.Chunking;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using static Bot.Core.Indexing.SqliteCommands;

namespace Bot.Core.Indexing;

/// <summary>
/// The SQLite index's tables and their migrations: version <see cref="SqliteIndexStore.SchemaVersion"/> is created,
/// v2 to v7 are upgraded in place, anything else is dropped and rebuilt.
/// </summary>
internal static class SqliteIndexSchema
{
    private static readonly string Version = SqliteIndexStore.SchemaVersion.ToString(CultureInfo.InvariantCulture);

    /// <summary>The meta row holding the seeds folder's manifest (<see cref="IIndexStore.GetSeedManifestAsync"/>).</summary>
    public const string SeedManifestKey = "seed_manifest";

    /// <summary>The stored schema version; null for an empty file or one without the meta table.</summary>
    public static async Task<string?> ReadVersionAsync(SqliteConnection c, CancellationToken ct, SqliteTransaction? tx = null) =>
        await ScalarOrNullWithoutTableAsync(c, "SELECT value FROM meta WHERE key='schema_version'", ct, tx).ConfigureAwait(false) as string;

    /// <summary>Brings the file to the current schema; true when an older or unknown index was dropped for a rebuild.</summary>
    public static async Task<bool> EnsureAsync(SqliteConnection c, ILogger logger, string databasePath, CancellationToken cancellationToken)
    {
        await ExecAsync(c, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        if (await ReadVersionAsync(c, cancellationToken).ConfigureAwait(false) == Version) return false;

        // BEGIN IMMEDIATE, then look again: two processes starting at once must not both (re)create the schema.
        await using var tx = BeginWrite(c);
        var version = await ReadVersionAsync(c, cancellationToken, tx).ConfigureAwait(false);
        if (version == Version) return false;
        if (version is "2" or "3" or "4" or "5" or "6" or "7")
        {
            // Why upgrade rather than rebuild: a rebuild would drop the passage vectors, and re-embedding costs far more.
            Log.UpgradingSqliteSchema(logger, SqliteIndexStore.SchemaVersion, databasePath);
            // v7 → v8 adds only the documents' genres: v7's postings, vectors and manifest stay valid.
            if (version is not "7")
            {
                if (version is "2") await UpgradeFromV2Async(c, tx, cancellationToken).ConfigureAwait(false);
                await UpgradeToPostingsAsync(c, tx, cancellationToken).ConfigureAwait(false);
                // An upgraded index is compared file by file once: the manifest vouched for the old format.
                await ExecAsync(c, $"DELETE FROM meta WHERE key = '{SeedManifestKey}';", cancellationToken, tx).ConfigureAwait(false);
            }
            await UpgradeToGenresAsync(c, tx, cancellationToken).ConfigureAwait(false);
            await ExecAsync(c, $"UPDATE meta SET value = '{Version}' WHERE key = 'schema_version';", cancellationToken, tx).ConfigureAwait(false);
            await BumpGenerationAsync(c, tx, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }
        bool rebuilt = version is not null || await TableExistsAsync(c, "documents", cancellationToken, tx).ConfigureAwait(false);
        if (rebuilt)
            Log.RebuildingSqliteIndex(logger, version ?? "unknown", SqliteIndexStore.SchemaVersion, databasePath);
        await ExecAsync(c, DropFullText, cancellationToken, tx).ConfigureAwait(false);
        foreach (var table in new[] { "postings", "postings_segments", "postings_totals", "passage_vectors", "sentence_vectors", "aliases", "sentences", "passages", "documents", "meta" })
            await ExecAsync(c, $"DROP TABLE IF EXISTS {table};", cancellationToken, tx).ConfigureAwait(false);
        await ExecAsync(c, Schema + Postings, cancellationToken, tx).ConfigureAwait(false);
        await ExecAsync(c, $"INSERT INTO meta(key, value) VALUES ('schema_version', '{Version}');", cancellationToken, tx).ConfigureAwait(false);
        // A new file's generation starts at random, so a file deleted and built again does not repeat the stamps
        // (generation and totals) that readers' caches of the old one were keyed by (PostingsCache).
        await ExecAsync(c, "INSERT INTO meta(key, value) VALUES ('generation', CAST(abs(random() % 1000000000000000) AS TEXT));", cancellationToken, tx).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return rebuilt;
    }

    /// <summary>
    /// An index whose documents were read by another parser version (<see cref="Documents.DocumentLoader.ParserVersion"/>)
    /// has every document and duplicate marked stale, so the next run re-reads each file (vectors stay: they are keyed by
    /// text). A new index just records the version.
    /// </summary>
    public static async Task EnsureParserVersionAsync(SqliteConnection c, ILogger logger, string databasePath, CancellationToken ct)
    {
        const string read = "SELECT value FROM meta WHERE key = 'parser_version'";
        if (await ScalarOrNullWithoutTableAsync(c, read, ct).ConfigureAwait(false) as string == Documents.DocumentLoader.ParserVersion) return;
        await using var tx = BeginWrite(c);
        var stored = await ScalarOrNullWithoutTableAsync(c, read, ct, tx).ConfigureAwait(false) as string;
        if (stored == Documents.DocumentLoader.ParserVersion) return;
        if (await ScalarOrNullWithoutTableAsync(c, "SELECT count(*) FROM documents", ct, tx).ConfigureAwait(false) is long n and > 0)
            Log.ReparsingDocuments(logger, n, stored ?? "1", Documents.DocumentLoader.ParserVersion, databasePath);
        await ExecAsync(c, """
            UPDATE documents SET content_hash = 'stale:' || content_hash, modified_ticks = -1 WHERE content_hash NOT LIKE 'stale:%';
            UPDATE aliases SET modified_ticks = -1;
            DELETE FROM meta WHERE key = 'seed_manifest';
            INSERT INTO meta(key, value) VALUES ('parser_version', $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value;
            """, ct, tx, ("$v", Documents.DocumentLoader.ParserVersion)).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
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
            text TEXT NOT NULL,
            genre INTEGER);
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
        CREATE TABLE sentences(
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL, paragraph INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            hash TEXT NOT NULL, text TEXT NOT NULL);
        CREATE INDEX sentences_doc ON sentences(document_id, paragraph);
        CREATE TABLE aliases(
            path TEXT PRIMARY KEY, content_hash TEXT NOT NULL, size INTEGER NOT NULL, modified_ticks INTEGER NOT NULL);
        CREATE TABLE passage_vectors(
            model_key TEXT NOT NULL, passage_hash TEXT NOT NULL, encoding INTEGER NOT NULL, vector BLOB NOT NULL,
            PRIMARY KEY(model_key, passage_hash)) WITHOUT ROWID;
        CREATE TABLE sentence_vectors(
            model_key TEXT NOT NULL, sentence_hash TEXT NOT NULL, encoding INTEGER NOT NULL, vector BLOB NOT NULL,
            PRIMARY KEY(model_key, sentence_hash)) WITHOUT ROWID;
        """;

    /// <summary>
    /// The indexes of the passages' and sentences' content hashes, which only the vectors need (what is still to embed,
    /// pruning). v5 creates them when vectors are first listed, added or pruned (<see cref="SqliteVectorStore"/>), not
    /// with the tables: a random 32-digit key per row made every batch of a lexical index rewrite pages all over both
    /// indexes, about 40 % of its writing time at 100k passages. Built once from the stored rows, they cost a sort.
    /// </summary>
    public const string HashIndexes = """
        CREATE INDEX IF NOT EXISTS passages_hash ON passages(hash);
        CREATE INDEX IF NOT EXISTS sentences_hash ON sentences(hash);
        """;

    /// <summary>
    /// Drops the FTS5 tables of v2–v6 (v5 and v6 read their text from <c>sentences</c> and the view
    /// <c>passages_fts_source</c>; until v4 they kept their own copies). Since v7 nothing reads them: search, the
    /// vocabulary, the totals and phrases all come from the bot's own postings, and a write no longer pays for them.
    /// </summary>
    private const string DropFullText = """
        DROP TABLE IF EXISTS passages_vocab;
        DROP TABLE IF EXISTS sentences_vocab;
        DROP TABLE IF EXISTS passages_fts;
        DROP TABLE IF EXISTS sentences_fts;
        DROP VIEW IF EXISTS passages_fts_source;
        """;

    /// <summary>
    /// The bot's own postings (v6; since v7 the only full-text index), what sentence and passage search rank
    /// (<see cref="PostingsSearch"/>): per kind (<see cref="PostingsBatch.Sentences"/>, <see cref="PostingsBatch.Passages"/>)
    /// and segment, blocks of consecutive terms' rows keyed by their first term (<see cref="PostingBlock"/>), each
    /// segment's row count for the merge policy, and per kind the rows and tokens (bm25's N and average length). Written by <see cref="PostingsBatch"/> in the same transaction as the rows. Keyed
    /// segment first: a new or merged segment is appended at the end of the table (keyed term first, every batch
    /// rewrote pages all over it: 2.7× the index CPU at 100k); a search seeks each of the few segments for its term.
    /// </summary>
    private const string Postings = """
        CREATE TABLE postings(kind INTEGER NOT NULL, segment INTEGER NOT NULL, first TEXT NOT NULL, blob BLOB NOT NULL,
            PRIMARY KEY(kind, segment, first)) WITHOUT ROWID;
        CREATE TABLE postings_segments(kind INTEGER NOT NULL, segment INTEGER NOT NULL, rows INTEGER NOT NULL, PRIMARY KEY(kind, segment));
        CREATE TABLE postings_totals(kind INTEGER PRIMARY KEY, rows INTEGER NOT NULL, tokens INTEGER NOT NULL);
        INSERT INTO postings_totals(kind, rows, tokens) VALUES (0, 0, 0), (1, 0, 0);
        """;

    /// <summary>
    /// v2–v6 → v7 inside the caller's transaction: the FTS5 tables dropped, the postings built from the stored
    /// sentences and passages (a segment per 50,000 rows, merged as writes merge them).
    /// </summary>
    private static async Task UpgradeToPostingsAsync(SqliteConnection c, SqliteTransaction tx, CancellationToken ct)
    {
        await ExecAsync(c, DropFullText + "DROP TABLE IF EXISTS postings; DROP TABLE IF EXISTS postings_segments; DROP TABLE IF EXISTS postings_totals;" + Postings, ct, tx).ConfigureAwait(false);
        var batch = new PostingsBatch();
        int pending = 0;
        await using (var cmd = Command(c, tx, "SELECT id, document_id, text FROM sentences ORDER BY id"))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                batch.AddSentence(r.GetInt64(0), r.GetInt64(1), r.GetString(2));
                if (++pending % 50_000 == 0) batch.Flush(c, tx);
            }
        await using (var cmd = Command(c, tx, "SELECT p.id, p.document_id, d.title, p.text FROM passages p JOIN documents d ON d.id = p.document_id ORDER BY p.id"))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                batch.AddPassage(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3));
                if (++pending % 50_000 == 0) batch.Flush(c, tx);
            }
        batch.Flush(c, tx);
    }

    /// <summary>
    /// v8 inside the caller's transaction: each stored document's genre (<see cref="Documents.GenreDetector"/>, as the
    /// writer stores it), read from its stored text once here instead of once per question. The column is nullable: a
    /// row without a genre is read from its text when asked (<see cref="SqliteIndexReader.GetDocumentGenreAsync"/>).
    /// </summary>
    private static async Task UpgradeToGenresAsync(SqliteConnection c, SqliteTransaction tx, CancellationToken ct)
    {
        if (await ScalarAsync(c, "SELECT count(*) FROM pragma_table_info('documents') WHERE name = 'genre'", ct, tx).ConfigureAwait(false) is 0L)
            await ExecAsync(c, "ALTER TABLE documents ADD COLUMN genre INTEGER;", ct, tx).ConfigureAwait(false);
        c.CreateFunction("bot_genre", (string text) => (long)Documents.GenreDetector.Detect(text), isDeterministic: true);
        await ExecAsync(c, "UPDATE documents SET genre = bot_genre(text);", ct, tx).ConfigureAwait(false);
    }

    /// <summary>v2 → v3 inside the caller's transaction: hashes every stored sentence (in .NET, as the chunker does) and adds the table.</summary>
    private static async Task UpgradeFromV2Async(SqliteConnection c, SqliteTransaction tx, CancellationToken ct)
    {
        c.CreateFunction("bot_content_hash", (string text) => ContentHash.Of(text), isDeterministic: true);
        await ExecAsync(c, """
            ALTER TABLE sentences ADD COLUMN hash TEXT NOT NULL DEFAULT '';
            UPDATE sentences SET hash = bot_content_hash(text);
            CREATE INDEX IF NOT EXISTS sentences_hash ON sentences(hash);
            CREATE TABLE sentence_vectors(
                model_key TEXT NOT NULL, sentence_hash TEXT NOT NULL, encoding INTEGER NOT NULL, vector BLOB NOT NULL,
                PRIMARY KEY(model_key, sentence_hash)) WITHOUT ROWID;
            """, ct, tx).ConfigureAwait(false);
    }
}
