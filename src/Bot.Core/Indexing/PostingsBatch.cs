using Microsoft.Data.Sqlite;
using static Bot.Core.Indexing.SqliteCommands;

namespace Bot.Core.Indexing;

/// <summary>
/// The postings changes of one write transaction (<see cref="SqliteIndexSchema"/>'s <c>postings</c> table, what
/// <see cref="PostingsSearch"/> ranks): rows added are collected per term and written as one new segment by
/// <see cref="Flush"/>; the rows of a document being deleted are read (with their text) before they go, and their ids
/// are taken out of every segment of their terms. <see cref="Flush"/> runs inside the same transaction as the rows
/// themselves, before it commits, so the postings can never disagree with the passages and sentences: a killed write
/// loses both. Segments are merged Lucene-style (<see cref="MergeFactor"/> of one size class into one), so a term is
/// read from a few blobs whatever the number of batches.
/// </summary>
internal sealed class PostingsBatch
{
    /// <summary>The kinds of rows with postings (the <c>kind</c> column).</summary>
    public const int Sentences = 0, Passages = 1;

    /// <summary>Segments whose row counts are within one power of this are merged once there are this many.</summary>
    internal const int MergeFactor = 10;

    private readonly Dictionary<string, List<Posting>>[] _added = [new(StringComparer.Ordinal), new(StringComparer.Ordinal)];
    private readonly List<long>[] _addedIds = [[], []];
    private readonly HashSet<long>[] _deleted = [[], []];
    private readonly HashSet<string>[] _deletedTerms = [new(StringComparer.Ordinal), new(StringComparer.Ordinal)];
    private readonly Dictionary<string, (int Title, int Text)> _counts = new(StringComparer.Ordinal);

    public void AddSentence(long id, long document, string text) => Add(Sentences, id, document, null, text);

    public void AddPassage(long id, long document, string title, string text) => Add(Passages, id, document, title, text);

    private void Add(int kind, long id, long document, string? title, string text)
    {
        Count(title, text);
        int length = 0;
        foreach (var c in _counts.Values) length += c.Title + c.Text;
        foreach (var (term, c) in _counts)
        {
            if (!_added[kind].TryGetValue(term, out var list)) _added[kind][term] = list = [];
            list.Add(new Posting(id, document, length, c.Title, c.Text));
        }
        _addedIds[kind].Add(id);
    }

    /// <summary>Fills <see cref="_counts"/> with each term's occurrences in the title and the text.</summary>
    private void Count(string? title, string text)
    {
        _counts.Clear();
        if (title is not null) Fts5Bm25.CachedTerms(title, _countTitle);
        Fts5Bm25.CachedTerms(text, _countText);
    }

    private readonly Action<string> _countTitle, _countText;

    public PostingsBatch()
    {
        _countTitle = t => _counts[t] = _counts.TryGetValue(t, out var c) ? (c.Title + 1, c.Text) : (1, 0);
        _countText = t => _counts[t] = _counts.TryGetValue(t, out var c) ? (c.Title, c.Text + 1) : (0, 1);
    }

    /// <summary>Records the postings of a document about to be deleted (call while its rows still exist).</summary>
    public void DeleteDocument(SqliteConnection c, SqliteTransaction tx, long documentId)
    {
        using (var cmd = Command(c, tx, "SELECT id, text FROM sentences WHERE document_id = $d", ("$d", documentId)))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) Delete(Sentences, r.GetInt64(0), null, r.GetString(1));
        using (var cmd = Command(c, tx, "SELECT p.id, d.title, p.text FROM passages p JOIN documents d ON d.id = p.document_id WHERE p.document_id = $d", ("$d", documentId)))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) Delete(Passages, r.GetInt64(0), r.GetString(1), r.GetString(2));
    }

    private void Delete(int kind, long id, string? title, string text)
    {
        _deleted[kind].Add(id);
        Count(title, text);
        _deletedTerms[kind].UnionWith(_counts.Keys);
    }

    /// <summary>Writes everything collected, inside the caller's transaction, then merges segments as needed.</summary>
    public void Flush(SqliteConnection c, SqliteTransaction tx)
    {
        for (int kind = 0; kind < 2; kind++)
        {
            RemoveDeleted(c, tx, kind);
            WriteSegment(c, tx, kind);
            while (MergeOnce(c, tx, kind)) { }
            _added[kind].Clear();
            _addedIds[kind].Clear();
            _deleted[kind].Clear();
            _deletedTerms[kind].Clear();
        }
    }

    private void RemoveDeleted(SqliteConnection c, SqliteTransaction tx, int kind)
    {
        if (_deleted[kind].Count == 0) return;
        var segments = Segments(c, tx, kind).Select(s => s.Segment).ToList();
        using var read = Command(c, tx, $"SELECT segment, blob FROM postings WHERE kind = $k AND segment IN ({string.Join(",", segments)}) AND term = $t",
            ("$k", kind), ("$t", ""));
        using var update = Command(c, tx, "UPDATE postings SET blob = $b WHERE kind = $k AND segment = $s AND term = $t",
            ("$b", Array.Empty<byte>()), ("$k", kind), ("$s", 0L), ("$t", ""));
        using var delete = Command(c, tx, "DELETE FROM postings WHERE kind = $k AND segment = $s AND term = $t", ("$k", kind), ("$s", 0L), ("$t", ""));
        var kept = new List<Posting>();
        var changes = new List<(long Segment, byte[]? Blob)>();
        foreach (var term in _deletedTerms[kind])
        {
            read.Parameters[1].Value = term;
            changes.Clear();
            using (var r = read.ExecuteReader())
                while (r.Read())
                {
                    var blob = (byte[])r.GetValue(1);
                    kept.Clear();
                    PostingCodec.Decode(blob, kept, _deleted[kind]);
                    if (kept.Count == CountRows(blob)) continue;
                    changes.Add((r.GetInt64(0), kept.Count == 0 ? null : PostingCodec.Encode(kept)));
                }
            foreach (var (segment, blob) in changes)
            {
                var cmd = blob is null ? delete : update;
                cmd.Parameters["$s"].Value = segment;
                cmd.Parameters["$t"].Value = term;
                if (blob is not null) cmd.Parameters["$b"].Value = blob;
                cmd.ExecuteNonQuery();
            }
        }
        // Rows added and deleted in this same transaction never reach a segment.
        foreach (var list in _added[kind].Values) list.RemoveAll(p => _deleted[kind].Contains(p.Id));
    }

    /// <summary>The kind's segments (number, rows), oldest first.</summary>
    internal static List<(long Segment, long Rows)> Segments(SqliteConnection c, SqliteTransaction? tx, int kind)
    {
        var segments = new List<(long Segment, long Rows)>();
        using var cmd = Command(c, tx, "SELECT segment, rows FROM postings_segments WHERE kind = $k ORDER BY segment", ("$k", kind));
        using var r = cmd.ExecuteReader();
        while (r.Read()) segments.Add((r.GetInt64(0), r.GetInt64(1)));
        return segments;
    }

    private static int CountRows(byte[] blob)
    {
        // Five varints a row: count the bytes that end a varint and divide.
        int ends = 0;
        foreach (var b in blob) if (b < 0x80) ends++;
        return ends / 5;
    }

    private void WriteSegment(SqliteConnection c, SqliteTransaction tx, int kind)
    {
        int rows = _addedIds[kind].Count(id => !_deleted[kind].Contains(id));
        if (_added[kind].Values.All(l => l.Count == 0)) return;
        Insert(c, tx, kind, NextSegment(c, tx, kind), _added[kind], rows);
    }

    /// <summary>One segment: its terms in order, so its rows are appended at the end of the table's B-tree.</summary>
    private static void Insert(SqliteConnection c, SqliteTransaction tx, int kind, long segment, Dictionary<string, List<Posting>> postings, long rows)
    {
        using var insert = Command(c, tx, "INSERT INTO postings(kind, segment, term, blob) VALUES ($k, $s, $t, $b)",
            ("$k", kind), ("$s", segment), ("$t", ""), ("$b", Array.Empty<byte>()));
        var terms = postings.Keys.ToArray();
        Array.Sort(terms, StringComparer.Ordinal);
        foreach (var term in terms)
        {
            var list = postings[term];
            if (list.Count == 0) continue;
            if (!IsSorted(list)) list.Sort((a, b) => a.Id.CompareTo(b.Id));
            insert.Parameters[2].Value = term;
            insert.Parameters[3].Value = PostingCodec.Encode(list);
            insert.ExecuteNonQuery();
        }
        using var seg = Command(c, tx, "INSERT INTO postings_segments(kind, segment, rows) VALUES ($k, $s, $n)",
            ("$k", kind), ("$s", segment), ("$n", Math.Max(1, rows)));
        seg.ExecuteNonQuery();
    }

    private static long NextSegment(SqliteConnection c, SqliteTransaction tx, int kind)
    {
        using var cmd = Command(c, tx, "SELECT coalesce(max(segment), 0) + 1 FROM postings_segments WHERE kind = $k", ("$k", kind));
        return (long)cmd.ExecuteScalar()!;
    }

    internal static bool IsSorted(List<Posting> list)
    {
        for (int i = 1; i < list.Count; i++) if (list[i].Id <= list[i - 1].Id) return false;
        return true;
    }

    /// <summary>Size class of a segment: ⌊log_F(rows)⌋.</summary>
    internal static int Level(long rows)
    {
        int level = 0;
        for (long n = rows; n >= MergeFactor; n /= MergeFactor) level++;
        return level;
    }

    /// <summary>Merges <see cref="MergeFactor"/> segments of the lowest size class that has that many; false when none has.</summary>
    private static bool MergeOnce(SqliteConnection c, SqliteTransaction tx, int kind)
    {
        var group = Segments(c, tx, kind).GroupBy(s => Level(s.Rows)).Where(g => g.Count() >= MergeFactor).OrderBy(g => g.Key).FirstOrDefault();
        if (group is null) return false;
        Merge(c, tx, kind, group.Take(MergeFactor).ToList());
        return true;
    }

    /// <summary>
    /// Rewrites the given segments as one under a new number: each term's blobs concatenated in id order
    /// (<see cref="PostingCodec.Concatenate"/>; decoded and sorted only where two segments' ids interleave).
    /// </summary>
    internal static void Merge(SqliteConnection c, SqliteTransaction tx, int kind, IReadOnlyList<(long Segment, long Rows)> segments)
    {
        var numbers = string.Join(",", segments.Select(s => s.Segment));
        var blobs = new Dictionary<string, List<byte[]>>(StringComparer.Ordinal);
        using (var cmd = Command(c, tx, $"SELECT term, blob FROM postings WHERE kind = $k AND segment IN ({numbers})", ("$k", kind)))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
            {
                var term = r.GetString(0);
                if (!blobs.TryGetValue(term, out var list)) blobs[term] = list = [];
                list.Add((byte[])r.GetValue(1));
            }
        using (var cmd = Command(c, tx, $"DELETE FROM postings WHERE kind = $k AND segment IN ({numbers}); DELETE FROM postings_segments WHERE kind = $k AND segment IN ({numbers})", ("$k", kind)))
            cmd.ExecuteNonQuery();
        long segment = NextSegment(c, tx, kind);
        using var insert = Command(c, tx, "INSERT INTO postings(kind, segment, term, blob) VALUES ($k, $s, $t, $b)",
            ("$k", kind), ("$s", segment), ("$t", ""), ("$b", Array.Empty<byte>()));
        var terms = blobs.Keys.ToArray();
        Array.Sort(terms, StringComparer.Ordinal);
        var rows = new List<Posting>();
        foreach (var term in terms)
        {
            var parts = blobs[term];
            var merged = parts.Count == 1 ? parts[0] : PostingCodec.Concatenate(parts);
            if (merged is null)
            {
                rows.Clear();
                foreach (var part in parts) PostingCodec.Decode(part, rows);
                rows.Sort((a, b) => a.Id.CompareTo(b.Id));
                merged = PostingCodec.Encode(rows);
            }
            insert.Parameters[2].Value = term;
            insert.Parameters[3].Value = merged;
            insert.ExecuteNonQuery();
        }
        using var seg = Command(c, tx, "INSERT INTO postings_segments(kind, segment, rows) VALUES ($k, $s, $n)",
            ("$k", kind), ("$s", segment), ("$n", segments.Sum(s => s.Rows)));
        seg.ExecuteNonQuery();
    }
}
