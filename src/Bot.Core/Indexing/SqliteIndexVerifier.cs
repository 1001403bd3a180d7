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
        foreach (var (kind, name) in new[] { (PostingsBatch.Sentences, "sentence"), (PostingsBatch.Passages, "passage") })
            problems.AddRange(await PostingsProblemsAsync(c, tx, kind, name, cancellationToken).ConfigureAwait(false));
        return problems;
    }

    /// <summary>
    /// The postings must hold what the stored text holds: each term in as many rows as the rows whose text (and title)
    /// has it, each row's length its tokens, the totals the rows and tokens of the stored rows, each entry's row count
    /// its rows, and only rows that exist.
    /// </summary>
    private static async Task<List<string>> PostingsProblemsAsync(SqliteConnection c, SqliteTransaction tx, int kind, string name, CancellationToken ct)
    {
        var problems = new List<string>();
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        var lengths = new Dictionary<long, int>();
        var list = new List<Posting>();
        int conflicting = 0, miscounted = 0;
        await using (var cmd = Command(c, tx, "SELECT blob FROM postings WHERE kind = $k", ("$k", kind)))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                var blob = (byte[])r.GetValue(0);
                foreach (var e in PostingBlock.Parse(blob))
                {
                    list.Clear();
                    PostingCodec.Decode(blob.AsSpan(e.Offset, e.Length), list);
                    if (list.Count != e.Rows) miscounted++;
                    rows[e.Term] = rows.GetValueOrDefault(e.Term) + list.Count;
                    foreach (var p in list)
                        if (lengths.TryGetValue(p.Id, out var length) && length != p.Length) conflicting++;
                        else lengths[p.Id] = p.Length;
                }
            }

        // What the stored rows hold, tokenized as the writer tokenizes them.
        var expected = new Dictionary<string, long>(StringComparer.Ordinal);
        var stored = new HashSet<long>();
        var terms = new HashSet<string>(StringComparer.Ordinal);
        long tokens = 0;
        int wrongLength = 0;
        await using (var cmd = Command(c, tx, kind == PostingsBatch.Sentences
            ? "SELECT id, NULL, text FROM sentences"
            : "SELECT p.id, d.title, p.text FROM passages p JOIN documents d ON d.id = p.document_id"))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                long id = r.GetInt64(0);
                stored.Add(id);
                terms.Clear();
                int length = 0;
                void Add(string term) { terms.Add(term); length++; }
                if (!r.IsDBNull(1)) Fts5Bm25.CachedTerms(r.GetString(1), Add);
                Fts5Bm25.CachedTerms(r.GetString(2), Add);
                tokens += length;
                foreach (var term in terms) expected[term] = expected.GetValueOrDefault(term) + 1;
                if (terms.Count > 0 && lengths.GetValueOrDefault(id, -1) != length) wrongLength++;
            }
        int differing = 0;
        foreach (var (term, n) in expected)
            if (!rows.Remove(term, out var held) || held != n) differing++;
        differing += rows.Count;
        if (differing > 0) problems.Add($"{differing} term(s) whose {name} postings do not match the stored {name}s");
        if (conflicting > 0) problems.Add($"{conflicting} {name} posting(s) disagreeing on their row's length");
        if (wrongLength > 0) problems.Add($"{wrongLength} {name}(s) whose postings miss them or give another length");
        if (miscounted > 0) problems.Add($"{miscounted} {name} postings entr(ies) whose row count is wrong");
        int orphans = lengths.Keys.Count(id => !stored.Contains(id));
        if (orphans > 0) problems.Add($"{orphans} {name} id(s) in the postings without a {name}");
        await using (var cmd = Command(c, tx, "SELECT rows, tokens FROM postings_totals WHERE kind = $k", ("$k", kind)))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            if (!await r.ReadAsync(ct).ConfigureAwait(false) || r.GetInt64(0) != stored.Count || r.GetInt64(1) != tokens)
                problems.Add($"the {name} totals do not match the stored {name}s");
        return problems;
    }
}
