using System.Data;
using System.Globalization;
using Npgsql;

namespace Bot.Core.Indexing.Postgres;

/// <summary>`bot index --verify` for the PostgreSQL index: every consistency check on one REPEATABLE READ snapshot.</summary>
internal static class PostgresIndexVerifier
{
    public static async Task<IReadOnlyList<string>> VerifyAsync(NpgsqlConnection c, string description, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var version = await PostgresIndexSchema.ReadVersionAsync(c, null, cancellationToken).ConfigureAwait(false);
        if (version != PostgresIndexStore.SchemaVersion)
        {
            problems.Add(version is null
                ? $"there is no index in {description} yet; run 'bot index' first"
                : $"schema version is {version.Value.ToString(CultureInfo.InvariantCulture)}, expected {PostgresIndexStore.SchemaVersion}");
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
        await Check("""
            SELECT count(*) FROM (
                SELECT 'passages' AS name, count(*) AS n, coalesce(sum(length), 0) AS l FROM passages
                UNION ALL SELECT 'sentences', count(*), coalesce(sum(length), 0) FROM sentences) t
            LEFT JOIN row_stats r ON r.name = t.name
            WHERE r.rows IS DISTINCT FROM t.n OR r.length_sum IS DISTINCT FROM t.l
            """, n => $"{n} table statistic(s) (row_stats) not matching their table").ConfigureAwait(false);

        var bad = await IndexRows.FindMismatchedSpansAsync(sql => new NpgsqlCommand(sql, c, tx) { CommandTimeout = 0 }, cancellationToken).ConfigureAwait(false);
        problems.AddRange(bad.Select(p => $"{p}: a stored passage or sentence does not match the document text"));
        return problems;
    }
}
