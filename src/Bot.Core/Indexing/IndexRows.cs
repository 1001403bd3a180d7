using System.Data.Common;
using Bot.Core.Search;

namespace Bot.Core.Indexing;

/// <summary>
/// Row mapping and checks shared by the SQLite and PostgreSQL stores: both select passages and sentences in the same
/// column order, so one reader of each serves both.
/// </summary>
internal static class IndexRows
{
    /// <summary>Columns: id, document_id, path, title, url, paragraph, start, end, first_sentence, last_sentence, text, score.</summary>
    public static async Task<List<PassageHit>> ReadPassagesAsync(DbCommand cmd, CancellationToken ct)
    {
        var list = new List<PassageHit>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            list.Add(new PassageHit(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                r.GetInt32(5), r.GetInt32(6), r.GetInt32(7), r.GetInt32(8), r.GetInt32(9), r.GetString(10), r.GetDouble(11)));
        return list;
    }

    /// <summary>Columns: id, document_id, path, title, url, paragraph, ordinal, start, end, text.</summary>
    public static SentenceRow ReadSentence(DbDataReader r) => new(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3),
        r.IsDBNull(4) ? null : r.GetString(4), r.GetInt32(5), r.GetInt32(6), r.GetInt32(7), r.GetInt32(8), r.GetString(9));

    /// <summary>Columns: id, path, title, content_hash, size, modified_ticks.</summary>
    public static StoredDocument ReadDocument(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetInt64(5));

    /// <summary>Columns: path, content_hash, size, modified_ticks.</summary>
    public static StoredAlias ReadAlias(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3));

    /// <summary>Columns: hash, text.</summary>
    public static PendingPassage ReadPending(DbDataReader r) => new(r.GetString(0), r.GetString(1));

    /// <summary>
    /// Paths whose stored passage or sentence spans do not equal the document text at their offsets. Checked in .NET,
    /// not with SQL substr, because offsets are UTF-16 code units (as .NET indexes strings) and SQL counts code points.
    /// </summary>
    /// <param name="cmd">Selects path, document text, start, end, stored text for every passage and sentence.</param>
    public static async Task<IReadOnlyCollection<string>> FindMismatchedSpansAsync(DbCommand cmd, CancellationToken ct)
    {
        var bad = new SortedSet<string>(StringComparer.Ordinal);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            var text = r.GetString(1);
            int start = r.GetInt32(2), end = r.GetInt32(3);
            if (start < 0 || end > text.Length || start > end || !text.AsSpan(start, end - start).SequenceEqual(r.GetString(4)))
                bad.Add(r.GetString(0));
        }

        return bad;
    }

    /// <summary>The select <see cref="FindMismatchedSpansAsync"/> reads (the same SQL on both stores).</summary>
    public const string SpansQuery = """
        SELECT d.path, d.text, s.start, s."end", s.text FROM sentences s JOIN documents d ON d.id = s.document_id
        UNION ALL
        SELECT d.path, d.text, p.start, p."end", p.text FROM passages p JOIN documents d ON d.id = p.document_id
        """;
}
