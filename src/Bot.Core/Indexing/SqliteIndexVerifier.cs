using System.Globalization;
using Microsoft.Data.Sqlite;
using static Bot.Core.Indexing.SqliteCommands;

namespace Bot.Core.Indexing;

/// <summary>`bot index --verify` for the SQLite index: every consistency check on one read snapshot.</summary>
internal static class SqliteIndexVerifier
{
    public static async Task<IReadOnlyList<string>> VerifyAsync(SqliteConnection c, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var version = await SqliteIndexSchema.ReadVersionAsync(c, cancellationToken).ConfigureAwait(false);
        if (version != SqliteIndexStore.SchemaVersion.ToString(CultureInfo.InvariantCulture))
        {
            problems.Add($"schema version is {version ?? "missing"}, expected {SqliteIndexStore.SchemaVersion}");
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
        // The rows an FTS5 index holds are its _docsize records: a scan of an external-content table reads the content table.
        await Check("SELECT count(*) FROM passages p WHERE NOT EXISTS (SELECT 1 FROM passages_fts_docsize f WHERE f.id = p.id)",
            n => $"{n} passage(s) missing from the full-text index").ConfigureAwait(false);
        await Check("SELECT count(*) FROM passages_fts_docsize f WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.id = f.id)",
            n => $"{n} full-text passage row(s) without a passage").ConfigureAwait(false);
        await Check("SELECT count(*) FROM sentences s WHERE NOT EXISTS (SELECT 1 FROM sentences_fts_docsize f WHERE f.id = s.id)",
            n => $"{n} sentence(s) missing from the full-text index").ConfigureAwait(false);
        await Check("SELECT count(*) FROM sentences_fts_docsize f WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.id = f.id)",
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

        var bad = await IndexRows.FindMismatchedSpansAsync(sql =>
        {
            var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql;
            return cmd;
        }, cancellationToken).ConfigureAwait(false);
        problems.AddRange(bad.Select(p => $"{p}: a stored passage or sentence does not match the document text"));
        return problems;
    }
}
