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
        await Check("SELECT count(*) FROM postings p WHERE NOT EXISTS (SELECT 1 FROM postings_segments s WHERE s.kind = p.kind AND s.segment = p.segment)",
            n => $"{n} postings blob(s) of an unknown segment").ConfigureAwait(false);
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
        foreach (var (kind, name, vocabulary) in new[] { (PostingsBatch.Sentences, "sentence", "sentences_vocab"), (PostingsBatch.Passages, "passage", "passages_vocab") })
            problems.AddRange(await PostingsProblemsAsync(c, tx, kind, name, vocabulary, cancellationToken).ConfigureAwait(false));
        return problems;
    }

    /// <summary>
    /// The postings must hold what FTS5 holds: each term in as many rows as its fts5vocab count (so no row is missing,
    /// left over or counted twice), one length per row, and only rows that exist.
    /// </summary>
    private static async Task<List<string>> PostingsProblemsAsync(SqliteConnection c, SqliteTransaction tx, int kind, string name, string vocabulary, CancellationToken ct)
    {
        var problems = new List<string>();
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        var lengths = new Dictionary<long, int>();
        var list = new List<Posting>();
        int conflicting = 0;
        await using (var cmd = Command(c, tx, "SELECT term, blob FROM postings WHERE kind = $k", ("$k", kind)))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                list.Clear();
                PostingCodec.Decode((byte[])r.GetValue(1), list);
                var term = r.GetString(0);
                rows[term] = rows.GetValueOrDefault(term) + list.Count;
                foreach (var p in list)
                    if (lengths.TryGetValue(p.Id, out var length) && length != p.Length) conflicting++;
                    else lengths[p.Id] = p.Length;
            }
        int differing = 0;
        await using (var cmd = Command(c, tx, $"SELECT term, doc FROM {vocabulary}"))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false))
                if (rows.Remove(r.GetString(0), out var n) ? n != r.GetInt64(1) : true) differing++;
        differing += rows.Count;
        if (differing > 0) problems.Add($"{differing} term(s) whose {name} postings do not match the full-text index");
        if (conflicting > 0) problems.Add($"{conflicting} {name} posting(s) disagreeing on their row's length");
        var table = kind == PostingsBatch.Sentences ? "sentences" : "passages";
        var stored = new HashSet<long>();
        await using (var cmd = Command(c, tx, $"SELECT id FROM {table}"))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false)) stored.Add(r.GetInt64(0));
        int orphans = lengths.Keys.Count(id => !stored.Contains(id));
        if (orphans > 0) problems.Add($"{orphans} {name} id(s) in the postings without a {name}");
        return problems;
    }
}
