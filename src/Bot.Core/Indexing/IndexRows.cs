using System.Data.Common;
using Bot.Core.Documents;

namespace Bot.Core.Indexing;

/// <summary>
/// Row mapping and checks shared by the SQLite and PostgreSQL stores: both select passages and sentences in the same
/// column order, so one reader of each serves both.
/// </summary>
internal static class IndexRows
{
    /// <summary>Columns: id, document_id, path, title, url, paragraph, start, end, first_sentence, last_sentence, text, metadata, score.</summary>
    public static async Task<List<PassageHit>> ReadPassagesAsync(DbCommand cmd, CancellationToken ct)
    {
        var list = new List<PassageHit>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            list.Add(new PassageHit(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                r.GetInt32(5), r.GetInt32(6), r.GetInt32(7), r.GetInt32(8), r.GetInt32(9), r.GetString(10), r.GetDouble(12), Citation(r, 11)));
        return list;
    }

    /// <summary>Columns: id, document_id, path, title, url, paragraph, ordinal, start, end, text, metadata.</summary>
    public static SentenceRow ReadSentence(DbDataReader r) => new(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3),
        r.IsDBNull(4) ? null : r.GetString(4), r.GetInt32(5), r.GetInt32(6), r.GetInt32(7), r.GetInt32(8), r.GetString(9), Citation(r, 10));

    // The document's metadata JSON, as the stores keep it; the same document's rows share one parse per reader call.
    private static DocumentCitation Citation(DbDataReader r, int ordinal)
    {
        if (r.IsDBNull(ordinal)) return DocumentCitation.None;
        if (Citations.Count > 4096) Citations.Clear(); // bounded: a few thousand documents' metadata at most
        return Citations.GetOrAdd(r.GetString(ordinal), DocumentCitation.FromJson);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, DocumentCitation> Citations = new(StringComparer.Ordinal);

    /// <summary>Columns: id, path, title, content_hash, size, modified_ticks.</summary>
    public static StoredDocument ReadDocument(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetInt64(5));

    /// <summary>Columns: path, content_hash, size, modified_ticks.</summary>
    public static StoredAlias ReadAlias(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3));

    /// <summary>Columns: hash, text.</summary>
    public static PendingPassage ReadPending(DbDataReader r) => new(r.GetString(0), r.GetString(1));

    /// <summary>Rows of (passage hash, text, sentence hash, start, end), grouped by passage in order.</summary>
    public static async Task<IReadOnlyList<PassageSentences>> ReadPassageSentencesAsync(DbCommand cmd, CancellationToken ct)
    {
        var result = new List<PassageSentences>();
        List<(string, int, int)>? sentences = null;
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            var hash = r.GetString(0);
            if (result.Count == 0 || result[^1].Hash != hash) result.Add(new PassageSentences(hash, r.GetString(1), sentences = []));
            sentences!.Add((r.GetString(2), r.GetInt32(3), r.GetInt32(4)));
        }

        return result;
    }

    /// <summary>The first column's strings, in row order, NULLs skipped.</summary>
    public static async Task<IReadOnlyList<string>> ReadStringsAsync(DbCommand cmd, CancellationToken ct)
    {
        var result = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            if (!r.IsDBNull(0)) result.Add(r.GetString(0));
        }

        return result;
    }

    /// <summary>
    /// Paths of documents with a stored passage or sentence whose offsets do not slice exactly its text out of the
    /// document. Each document's text is read once and its spans compared against it, so the check is linear in the
    /// index size (reading the text with every span was quadratic in a document's size). <paramref name="command"/>
    /// makes a command on the caller's connection and snapshot; "@id" is the document id parameter.
    /// </summary>
    public static async Task<IReadOnlyCollection<string>> FindMismatchedSpansAsync(Func<string, DbCommand> command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var documents = new List<(long Id, string Path)>();
        await using (var list = command("SELECT id, path FROM documents ORDER BY id"))
        await using (var r = await list.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false)) documents.Add((r.GetInt64(0), r.GetString(1)));

        var bad = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (id, path) in documents)
        {
            string text;
            await using (var read = WithId(command("SELECT text FROM documents WHERE id = @id"), id))
                text = await read.ExecuteScalarAsync(ct).ConfigureAwait(false) as string ?? "";
            await using var spans = WithId(command("""
                SELECT start, "end", text FROM sentences WHERE document_id = @id
                UNION ALL
                SELECT start, "end", text FROM passages WHERE document_id = @id
                """), id);
            await using var r = await spans.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                int start = r.GetInt32(0), end = r.GetInt32(1);
                if (start < 0 || end > text.Length || start > end || !text.AsSpan(start, end - start).SequenceEqual(r.GetString(2)))
                {
                    bad.Add(path);
                    break;
                }
            }
        }
        return bad;
    }

    private static DbCommand WithId(DbCommand command, long id)
    {
        var p = command.CreateParameter();
        p.ParameterName = "@id";
        p.Value = id;
        command.Parameters.Add(p);
        return command;
    }
}
