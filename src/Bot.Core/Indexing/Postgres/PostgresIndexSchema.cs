using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using static Bot.Core.Indexing.Postgres.PostgresCommands;

namespace Bot.Core.Indexing.Postgres;

/// <summary>
/// The PostgreSQL index's schema (<see cref="PostgresIndexStore.SchemaName"/>) and its migrations: version
/// <see cref="PostgresIndexStore.SchemaVersion"/> is created, v2 and v3 are upgraded in place, older ones are dropped and rebuilt,
/// newer ones are refused.
/// </summary>
internal static class PostgresIndexSchema
{
    // Why a transaction-level advisory lock: two processes starting at once must not both (re)create the schema.
    private const long InitLockKey = 0x626F_745F_696E_6974; // "bot_init"

    /// <summary>Brings the database to the current schema; true when an older or unknown index was dropped for a rebuild.</summary>
    /// <exception cref="IndexSchemaTooNewException">A newer bot made the index.</exception>
    public static async Task<bool> EnsureAsync(NpgsqlConnection c, ILogger logger, string description, CancellationToken cancellationToken)
    {
        if (await ReadVersionAsync(c, null, cancellationToken).ConfigureAwait(false) == PostgresIndexStore.SchemaVersion
            && await HasRowStatsAsync(c, null, cancellationToken).ConfigureAwait(false)) return false;

        await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(c, tx, "SELECT pg_advisory_xact_lock(@k)", cancellationToken, ("k", InitLockKey)).ConfigureAwait(false);
        var version = await ReadVersionAsync(c, tx, cancellationToken).ConfigureAwait(false);
        if (version == PostgresIndexStore.SchemaVersion)
        {
            // Another process created it while we waited; or an index of this version without the row statistics: added
            // in place (additive, so shards of the previous build keep working beside it). A v3 index from before them gets
            // them in the upgrade below.
            if (!await HasRowStatsAsync(c, tx, cancellationToken).ConfigureAwait(false))
            {
                await ExecAsync(c, tx, RowStats, cancellationToken).ConfigureAwait(false);
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            return false;
        }
        // Shards of two bot versions share this index during a rolling upgrade: only ever rebuild forwards.
        if (version > PostgresIndexStore.SchemaVersion)
            throw new IndexSchemaTooNewException(string.Create(CultureInfo.InvariantCulture,
                $"the index in {description} has schema version {version}, newer than this bot's {PostgresIndexStore.SchemaVersion}; upgrade this bot (the index is left as it is)"));
        if (version is 2 or 3)
        {
            // Why upgrade rather than rebuild: a rebuild would drop the passage vectors, and re-embedding costs far more.
            Log.UpgradingPostgresSchema(logger, PostgresIndexStore.SchemaVersion, description);
            if (version == 2)
            {
                EnsureUpgradeSupported(description, Convert.ToInt32(await ScalarAsync(c, tx, "SELECT current_setting('server_version_num')::int", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture));
                await ExecAsync(c, tx, UpgradeFromV2 + RowStats, cancellationToken).ConfigureAwait(false);
                await ExecAsync(c, tx, "DELETE FROM meta WHERE key = 'seed_manifest'", cancellationToken).ConfigureAwait(false);
            }
            else if (!await HasRowStatsAsync(c, tx, cancellationToken).ConfigureAwait(false))
                await ExecAsync(c, tx, RowStats, cancellationToken).ConfigureAwait(false);
            await UpgradeToGenresAsync(c, tx, cancellationToken).ConfigureAwait(false);
            await ExecAsync(c, tx, "UPDATE meta SET value = @v WHERE key = 'schema_version'", cancellationToken,
                ("v", PostgresIndexStore.SchemaVersion.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }
        bool rebuilt = version is not null
            || await ScalarAsync(c, tx, "SELECT 1 FROM pg_namespace WHERE nspname = @s", cancellationToken, ("s", PostgresIndexStore.SchemaName)).ConfigureAwait(false) is not null;
        if (rebuilt)
            Log.RebuildingPostgresIndex(logger, version?.ToString(CultureInfo.InvariantCulture) ?? "unknown", PostgresIndexStore.SchemaVersion, description);
        // The schema is the store's own: dropping it whole also drops tables of older versions we no longer know.
        await ExecAsync(c, tx, $"DROP SCHEMA IF EXISTS {PostgresIndexStore.SchemaName} CASCADE; CREATE SCHEMA {PostgresIndexStore.SchemaName};", cancellationToken).ConfigureAwait(false);
        await ExecAsync(c, tx, Schema + RowStats, cancellationToken).ConfigureAwait(false);
        await ExecAsync(c, tx, "INSERT INTO meta(key, value) VALUES ('schema_version', @v)", cancellationToken,
            ("v", PostgresIndexStore.SchemaVersion.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return rebuilt;
    }

    /// <summary>As the SQLite store's: documents read by another parser version are marked stale, so the next run re-reads them.</summary>
    public static async Task EnsureParserVersionAsync(NpgsqlConnection c, ILogger logger, string description, CancellationToken ct)
    {
        const string read = "SELECT value FROM meta WHERE key = 'parser_version'";
        if (await ScalarAsync(c, null, read, ct).ConfigureAwait(false) as string == Documents.DocumentLoader.ParserVersion) return;
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        await ExecAsync(c, tx, "SELECT pg_advisory_xact_lock(@k)", ct, ("k", InitLockKey)).ConfigureAwait(false);
        var stored = await ScalarAsync(c, tx, read, ct).ConfigureAwait(false) as string;
        if (stored == Documents.DocumentLoader.ParserVersion) return;
        if (await ScalarAsync(c, tx, "SELECT count(*) FROM documents", ct).ConfigureAwait(false) is long n and > 0)
            Log.ReparsingDocuments(logger, n, stored ?? "1", Documents.DocumentLoader.ParserVersion, description);
        await ExecAsync(c, tx, """
            UPDATE documents SET content_hash = 'stale:' || content_hash, modified_ticks = -1 WHERE content_hash NOT LIKE 'stale:%';
            UPDATE aliases SET modified_ticks = -1;
            DELETE FROM meta WHERE key = 'seed_manifest';
            INSERT INTO meta(key, value) VALUES ('parser_version', @v) ON CONFLICT (key) DO UPDATE SET value = excluded.value;
            """, ct, ("v", Documents.DocumentLoader.ParserVersion)).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    private static async Task<bool> HasRowStatsAsync(NpgsqlConnection c, NpgsqlTransaction? tx, CancellationToken ct) =>
        await ScalarAsync(c, tx, "SELECT to_regclass(@t)::text", ct, ("t", PostgresIndexStore.SchemaName + ".row_stats")).ConfigureAwait(false) is not null;

    /// <summary>
    /// The row count and total length of passages and of sentences, kept by statement triggers in the writing
    /// transaction (cascaded deletes included), so a search reads BM25's N and average length from one row instead of
    /// scanning the table (count(*) and avg(length) on every search). Filled from the tables when created.
    /// </summary>
    private const string RowStats = $$"""
        DROP TABLE IF EXISTS row_stats;
        DROP FUNCTION IF EXISTS row_stats_added() CASCADE;
        DROP FUNCTION IF EXISTS row_stats_removed() CASCADE;
        CREATE TABLE row_stats(name text PRIMARY KEY, rows bigint NOT NULL, length_sum bigint NOT NULL);
        INSERT INTO row_stats SELECT 'passages', count(*), coalesce(sum(length), 0) FROM passages;
        INSERT INTO row_stats SELECT 'sentences', count(*), coalesce(sum(length), 0) FROM sentences;
        CREATE FUNCTION row_stats_added() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
            UPDATE {{PostgresIndexStore.SchemaName}}.row_stats s SET rows = s.rows + n.rows, length_sum = s.length_sum + n.length_sum
            FROM (SELECT count(*) AS rows, coalesce(sum(length), 0) AS length_sum FROM added) n WHERE s.name = TG_TABLE_NAME;
            RETURN NULL;
        END $f$;
        CREATE FUNCTION row_stats_removed() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
            UPDATE {{PostgresIndexStore.SchemaName}}.row_stats s SET rows = s.rows - n.rows, length_sum = s.length_sum - n.length_sum
            FROM (SELECT count(*) AS rows, coalesce(sum(length), 0) AS length_sum FROM removed) n WHERE s.name = TG_TABLE_NAME;
            RETURN NULL;
        END $f$;
        CREATE TRIGGER passages_added AFTER INSERT ON passages REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE PROCEDURE row_stats_added();
        CREATE TRIGGER passages_removed AFTER DELETE ON passages REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE PROCEDURE row_stats_removed();
        CREATE TRIGGER sentences_added AFTER INSERT ON sentences REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE PROCEDURE row_stats_added();
        CREATE TRIGGER sentences_removed AFTER DELETE ON sentences REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE PROCEDURE row_stats_removed();
        """;

    /// <summary>The v2 → v3 upgrade hashes sentences with sha256(), which PostgreSQL has from version 11 on.</summary>
    /// <exception cref="NpgsqlException">The server is older than PostgreSQL 11 (reported like any index failure, exit 3).</exception>
    public static void EnsureUpgradeSupported(string description, int serverVersionNum)
    {
        if (serverVersionNum >= 110000) return;
        // Why refuse rather than rebuild: a rebuild drops every passage vector, and v2 shards may still be using them.
        throw new NpgsqlException(string.Create(CultureInfo.InvariantCulture,
            $"upgrading the index in {description} from schema version 2 to {PostgresIndexStore.SchemaVersion} needs PostgreSQL 11 or newer (server_version_num is {serverVersionNum}); upgrade the server, or drop the schema {PostgresIndexStore.SchemaName} to have the index rebuilt from the seeds (passage vectors are then embedded again)"));
    }

    /// <summary>The stored schema version; null when there is no index yet, -1 when it is unreadable.</summary>
    public static async Task<int?> ReadVersionAsync(NpgsqlConnection c, NpgsqlTransaction? tx, CancellationToken ct)
    {
        if (await ScalarAsync(c, tx, "SELECT to_regclass(@t)::text", ct, ("t", PostgresIndexStore.SchemaName + ".meta")).ConfigureAwait(false) is null) return null;
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
            text text NOT NULL,
            genre smallint);
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

    /// <summary>
    /// v4 inside the caller's transaction: each stored document's genre (<see cref="Documents.GenreDetector"/>), read from
    /// its stored text once here. Nullable: a v3 shard still writing during a rolling upgrade inserts documents without
    /// one, and the reader reads such a row's genre from its text (<see cref="PostgresIndexReader.GetDocumentGenreAsync"/>).
    /// </summary>
    private static async Task UpgradeToGenresAsync(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct)
    {
        await ExecAsync(c, tx, "ALTER TABLE documents ADD COLUMN IF NOT EXISTS genre smallint", ct).ConfigureAwait(false);
        var ids = new List<long>();
        var genres = new List<short>();
        await using (var cmd = Command(c, tx, "SELECT id, text FROM documents"))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                ids.Add(r.GetInt64(0));
                genres.Add((short)Documents.GenreDetector.Detect(r.GetString(1)));
            }
        await ExecAsync(c, tx, "UPDATE documents d SET genre = g.genre FROM unnest(@i, @g) AS g(id, genre) WHERE d.id = g.id", ct,
            ("i", ids.ToArray()), ("g", genres.ToArray())).ConfigureAwait(false);
    }

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
}
