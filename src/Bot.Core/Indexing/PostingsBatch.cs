using System.Runtime.CompilerServices;
using System.Text;
using Bot.Core.Text;
using Microsoft.Data.Sqlite;
using static Bot.Core.Indexing.SqliteCommands;

namespace Bot.Core.Indexing;

/// <summary>
/// The postings changes of one write transaction (<see cref="SqliteIndexSchema"/>'s <c>postings</c> tables, what
/// <see cref="PostingsSearch"/> ranks): rows added are tokenized once (each distinct token of the transaction looked up
/// once, then by span) and encoded straight into their terms' buffers (<see cref="PostingCodec"/>), which
/// <see cref="Flush"/> packs into the blocks (<see cref="PostingBlock"/>) of one new segment; the rows of a document
/// being deleted are read (with their text) before they go, and their ids are taken out of the blocks of their terms.
/// <see cref="Flush"/> runs inside the same transaction as the rows themselves, before it commits, so the postings can
/// never disagree with the passages and sentences: a killed write loses both. Segments are merged Lucene-style
/// (<see cref="MergeFactor"/> of one size class into one), so a term is read from a few blocks whatever the number of
/// batches. The totals (rows, tokens: bm25's N and average length) are kept in <c>postings_totals</c>.
/// </summary>
internal sealed class PostingsBatch
{
    /// <summary>The kinds of rows with postings (the <c>kind</c> column).</summary>
    public const int Sentences = 0, Passages = 1;

    /// <summary>Segments whose row counts are within one power of this are merged once there are this many.</summary>
    internal const int MergeFactor = 10;

    /// <summary>A term of the transaction: its counts in the row being read, and its rows of each kind so far.</summary>
    private sealed class Slot(string term)
    {
        public readonly string Term = term;
        public byte[]? Utf8;
        public ulong Prefix;
        public int Stamp, Title, Text;
        // Inline, not an array of buffer objects: appending a posting reads the slot and its data array only.
        private TermBuffer _sentences, _passages;

        public ref TermBuffer Kind(int kind) => ref kind == Sentences ? ref _sentences : ref _passages;
    }

    /// <summary>
    /// A slot with its term's first 8 UTF-8 bytes as a big-endian number (zero-padded): sorted
    /// by that number first, a segment's terms mostly compare without reading their bytes (equal numbers: the bytes decide), in the same order as
    /// <see cref="PostingBlock.Compare"/>.
    /// </summary>
    private readonly record struct SortedSlot(ulong Prefix, Slot Slot)
    {
        public static ulong PrefixOf(byte[] utf8)
        {
            ulong prefix = 0;
            for (int i = 0; i < 8; i++) prefix = (prefix << 8) | (i < utf8.Length ? utf8[i] : 0UL);
            return prefix;
        }

        public readonly struct Order : IComparer<SortedSlot>
        {
            public int Compare(SortedSlot x, SortedSlot y) =>
                x.Prefix != y.Prefix ? x.Prefix.CompareTo(y.Prefix) : PostingBlock.Compare(x.Slot.Utf8!, y.Slot.Utf8!);
        }
    }

    /// <summary>One term's rows of one kind, encoded as they come (ids ascend within a transaction).</summary>
    private struct TermBuffer
    {
        public byte[]? Data;
        public int Length, Rows;
        public long LastId, LastDocument;
        public bool Unsorted;

        public readonly bool Sorted => !Unsorted;

        public readonly ReadOnlySpan<byte> Written => Data.AsSpan(0, Length);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Append(long id, long document, int length, int title, int text)
        {
            Data ??= new byte[32];
            if (Data.Length - Length < 50) Array.Resize(ref Data, Data.Length * 2);
            if (id <= LastId && Rows > 0) Unsorted = true;
            PostingCodec.Write(Data, ref Length, (ulong)(id - LastId));
            long delta = document - LastDocument;
            PostingCodec.Write(Data, ref Length, (ulong)((delta << 1) ^ (delta >> 63)));
            PostingCodec.Write(Data, ref Length, (ulong)length);
            PostingCodec.Write(Data, ref Length, (ulong)title);
            PostingCodec.Write(Data, ref Length, (ulong)text);
            LastId = id;
            LastDocument = document;
            Rows++;
        }

        /// <summary>Empties the buffer for the next transaction (its array is kept).</summary>
        public void Clear()
        {
            Length = Rows = 0;
            LastId = LastDocument = 0;
            Unsorted = false;
            if (Data is { Length: > 1 << 16 }) Data = null; // a very common term's buffer is not held between writes
        }
    }

    // Token (as written) → its term's slot, for this transaction; and term → slot.
    // Short ASCII tokens (most of them) by packed key: one memory access a lookup instead of the dictionary's three.
    private readonly ShortAsciiFirstMap<Slot> _byToken = new(1 << 14);
    private readonly Dictionary<string, Slot> _byTerm = new(StringComparer.Ordinal);
    private readonly List<Slot> _row = [];
    // The terms of the segment being written, sorted (reused by every segment).
    private SortedSlot[] _sorted = [];
    private readonly List<Slot>[] _filled = [[], []];
    private int _stamp;

    private readonly long[] _addedRows = new long[2], _addedTokens = new long[2], _deletedRows = new long[2], _deletedTokens = new long[2];
    private readonly long[] _minAdded = [long.MaxValue, long.MaxValue];
    private readonly HashSet<long>[] _deleted = [[], []];
    private readonly HashSet<Slot>[] _deletedTerms = [[], []];

    public void AddSentence(long id, long document, string text) => Add(Sentences, id, document, null, text);

    public void AddPassage(long id, long document, string title, string text) => Add(Passages, id, document, title, text);

    // The document being written (BeginDocument): its text's tokens in order and its title's terms, so each of its
    // sentences and passages (spans of that text) is counted from the tokens inside its span, not tokenized again.
    private string? _document, _documentTitle;
    private (int Start, int End, Slot Slot)[] _tokens = new (int, int, Slot)[1024];
    private int _tokenCount;
    private readonly List<Slot> _title = [];

    /// <summary>
    /// Tokenizes a document's title and text once; <see cref="AddSentence(long, long, ReadOnlySpan{char}, int, int)"/> and
    /// <see cref="AddPassage(long, long, string, ReadOnlySpan{char}, int, int)"/> then count a span of it from these tokens (a
    /// passage's overlapping sentences and the sentences themselves were each tokenized again before).
    /// </summary>
    public void BeginDocument(string title, string text)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(text);
        _document = text;
        _documentTitle = title;
        TokenizeDocument(text);
        _title.Clear();
        Tokenize(title, (_, _, slot) => _title.Add(slot));
    }

    /// <summary>A sentence that is <c>text[start..end]</c> of the document begun last (else tokenized on its own).</summary>
    public void AddSentence(long id, long document, ReadOnlySpan<char> text, int start, int end)
    {
        if (!FromDocument(null, text, start, end, out int length)) length = Count(null, text.ToString());
        Append(Sentences, id, document, length);
    }

    /// <summary>A passage that is <c>text[start..end]</c> of the document begun last, whose title is that document's.</summary>
    public void AddPassage(long id, long document, string title, ReadOnlySpan<char> text, int start, int end)
    {
        if (!FromDocument(title, text, start, end, out int length)) length = Count(title, text.ToString());
        Append(Passages, id, document, length);
    }

    /// <summary>
    /// Counts the span's terms from the document's tokens: those wholly inside it are exactly the tokens of its text
    /// unless a token runs across one of its ends (then false: the row is tokenized on its own).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool FromDocument(string? title, ReadOnlySpan<char> text, int start, int end, out int length)
    {
        length = 0;
        if (_document is null || (title is not null && title != _documentTitle) || start < 0 || end > _document.Length || end - start != text.Length
            || !_document.AsSpan(start, end - start).SequenceEqual(text)) return false;
        // The first token ending after start.
        int lo = 0, hi = _tokenCount;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_tokens[mid].End <= start) lo = mid + 1; else hi = mid;
        }
        if (lo < _tokenCount && _tokens[lo].Start < start) return false;
        int last = lo;
        while (last < _tokenCount && _tokens[last].End <= end) last++;
        if (last < _tokenCount && _tokens[last].Start < end) return false;
        _stamp++;
        _row.Clear();
        if (title is not null)
            foreach (var slot in _title) { Touch(slot); slot.Title++; length++; }
        for (int i = lo; i < last; i++) { var slot = _tokens[i].Slot; Touch(slot); slot.Text++; length++; }
        return true;
    }

    private void Touch(Slot slot)
    {
        if (slot.Stamp == _stamp) return;
        slot.Stamp = _stamp;
        slot.Title = slot.Text = 0;
        _row.Add(slot);
    }

    private void Add(int kind, long id, long document, string? title, string text) => Append(kind, id, document, Count(title, text));

    /// <summary>Appends the row counted last (<see cref="_row"/>) to its terms' buffers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Append(int kind, long id, long document, int length)
    {
        foreach (var slot in _row)
        {
            ref var buffer = ref slot.Kind(kind);
            if (buffer.Rows == 0) _filled[kind].Add(slot);
            buffer.Append(id, document, length, slot.Title, slot.Text);
        }
        _addedRows[kind]++;
        _addedTokens[kind] += length;
        if (id < _minAdded[kind]) _minAdded[kind] = id;
    }

    /// <summary>Tokenizes one row: <see cref="_row"/> holds its terms with their title and text counts; returns its length in tokens.</summary>
    private int Count(string? title, string text)
    {
        _stamp++;
        _row.Clear();
        int length = 0;
        if (title is not null) Tokenize(title, (_, _, slot) => { Touch(slot); slot.Title++; length++; });
        Tokenize(text, (_, _, slot) => { Touch(slot); slot.Text++; length++; });
        return length;
    }

    /// <summary>Each token of the text (start, end, its term's slot), in order; a token seen before in this transaction costs one lookup.</summary>
    private void Tokenize(string text, Action<int, int, Slot> token)
    {
        int at = 0;
        while (Fts5Bm25.NextToken(text, ref at, out int start)) token(start, at, SlotOf(text.AsSpan(start, at - start)));
    }

    /// <summary>As <see cref="Tokenize"/> into <see cref="_tokens"/>, without a call per token (a document's text is most of the tokens indexed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void TokenizeDocument(string text)
    {
        _tokenCount = 0;
        int at = 0;
        while (Fts5Bm25.NextToken(text, ref at, out int start))
        {
            if (_tokenCount == _tokens.Length) Array.Resize(ref _tokens, _tokens.Length * 2);
            _tokens[_tokenCount++] = (start, at, SlotOf(text.AsSpan(start, at - start)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Slot SlotOf(ReadOnlySpan<char> token)
    {
        if (_byToken.TryGetValue(token, out var slot)) return slot;
        var term = Fts5Bm25.CachedTerm(token);
        if (!_byTerm.TryGetValue(term, out slot)) _byTerm[term] = slot = new Slot(term);
        _byToken.Set(token, slot);
        return slot;
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
        _deletedTokens[kind] += Count(title, text);
        _deletedRows[kind]++;
        _deletedTerms[kind].UnionWith(_row);
    }

    /// <summary>Writes everything collected, inside the caller's transaction, then merges segments as needed.</summary>
    public void Flush(SqliteConnection c, SqliteTransaction tx)
    {
        for (int kind = 0; kind < 2; kind++)
        {
            long rows = _addedRows[kind];
            if (_deleted[kind].Count > 0)
            {
                RemoveDeleted(c, tx, kind);
                rows -= DropDeletedFromAdded(kind);
            }
            WriteSegment(c, tx, kind, rows);
            if (_addedRows[kind] != 0 || _deletedRows[kind] != 0)
                using (var totals = Command(c, tx, "UPDATE postings_totals SET rows = rows + $r, tokens = tokens + $t WHERE kind = $k",
                    ("$r", _addedRows[kind] - _deletedRows[kind]), ("$t", _addedTokens[kind] - _deletedTokens[kind]), ("$k", kind)))
                    totals.ExecuteNonQuery();
            while (MergeOnce(c, tx, kind)) { }
            ClearKind(kind);
        }
    }

    private void ClearKind(int kind)
    {
        foreach (var slot in _filled[kind]) slot.Kind(kind).Clear();
        _filled[kind].Clear();
        _addedRows[kind] = _addedTokens[kind] = _deletedRows[kind] = _deletedTokens[kind] = 0;
        _minAdded[kind] = long.MaxValue;
        _deleted[kind].Clear();
        _deletedTerms[kind].Clear();
    }

    // Tokens remembered across transactions (Reset): beyond this many the maps start again.
    private const int MaxTokens = 1 << 20;

    /// <summary>
    /// Makes the batch ready for another transaction: what a failed or finished one collected is dropped, the tokens and
    /// terms seen are kept (a store reuses its batch for every write, so a word is looked up once per process, not
    /// once per batch).
    /// </summary>
    public void Reset()
    {
        for (int kind = 0; kind < 2; kind++) ClearKind(kind);
        _document = _documentTitle = null;
        _tokenCount = 0;
        _row.Clear();
        if (_byToken.Count <= MaxTokens) return;
        _byToken.Clear();
        _byTerm.Clear();
    }

    /// <summary>Rows added and deleted in this same transaction never reach a segment; returns how many there were.</summary>
    private long DropDeletedFromAdded(int kind)
    {
        var deleted = _deleted[kind];
        if (!deleted.Any(id => id >= _minAdded[kind])) return 0;
        var ids = new HashSet<long>();
        var rows = new List<Posting>();
        foreach (var slot in _filled[kind])
        {
            ref var buffer = ref slot.Kind(kind);
            rows.Clear();
            PostingCodec.Decode(buffer.Data.AsSpan(0, buffer.Length), rows);
            int before = rows.Count;
            foreach (var p in rows) if (deleted.Contains(p.Id)) ids.Add(p.Id);
            rows.RemoveAll(p => deleted.Contains(p.Id));
            if (rows.Count == before) continue;
            buffer.Clear();
            foreach (var p in rows) buffer.Append(p.Id, p.Document, p.Length, p.Title, p.Text);
        }
        return ids.Count;
    }

    /// <summary>Takes the deleted ids out of every stored block that holds one of their terms.</summary>
    private void RemoveDeleted(SqliteConnection c, SqliteTransaction tx, int kind)
    {
        if (_deletedTerms[kind].Count == 0) return;
        var terms = _deletedTerms[kind].Select(s => s.Term).ToList();
        using var find = Command(c, tx, "SELECT first, blob FROM postings WHERE kind = $k AND segment = $s AND first <= $t ORDER BY first DESC LIMIT 1",
            ("$k", kind), ("$s", 0L), ("$t", ""));
        using var update = Command(c, tx, "UPDATE postings SET blob = $b WHERE kind = $k AND segment = $s AND first = $f",
            ("$b", Array.Empty<byte>()), ("$k", kind), ("$s", 0L), ("$f", ""));
        using var delete = Command(c, tx, "DELETE FROM postings WHERE kind = $k AND segment = $s AND first = $f", ("$k", kind), ("$s", 0L), ("$f", ""));
        var kept = new List<Posting>();
        foreach (var (segment, _) in Segments(c, tx, kind))
        {
            find.Parameters["$s"].Value = segment;
            var blocks = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var term in terms)
            {
                find.Parameters["$t"].Value = term;
                using var r = find.ExecuteReader();
                if (r.Read() && !blocks.ContainsKey(r.GetString(0))) blocks[r.GetString(0)] = (byte[])r.GetValue(1);
            }
            foreach (var (first, blob) in blocks)
            {
                var writer = new List<(string Term, int Rows, byte[] Data)>();
                bool changed = false;
                foreach (var e in PostingBlock.Parse(blob))
                {
                    var data = blob.AsSpan(e.Offset, e.Length);
                    kept.Clear();
                    PostingCodec.Decode(data, kept, _deleted[kind]);
                    if (kept.Count == e.Rows) { writer.Add((e.Term, e.Rows, data.ToArray())); continue; }
                    changed = true;
                    if (kept.Count > 0) writer.Add((e.Term, kept.Count, PostingCodec.Encode(kept)));
                }
                if (!changed) continue;
                var cmd = writer.Count == 0 ? delete : update;
                cmd.Parameters["$s"].Value = segment;
                cmd.Parameters["$f"].Value = first;
                if (writer.Count > 0) cmd.Parameters["$b"].Value = Rewrite(writer);
                cmd.ExecuteNonQuery();
            }
        }
    }

    /// <summary>One block holding the given entries (its key stays its old first term, still a lower bound of them).</summary>
    private static byte[] Rewrite(List<(string Term, int Rows, byte[] Data)> entries)
    {
        var data = entries.SelectMany(e => e.Data).ToArray();
        int header = 10 + entries.Sum(e => Encoding.UTF8.GetByteCount(e.Term) + 30);
        var output = new byte[header + data.Length];
        int i = 0;
        PostingCodec.Write(output, ref i, (ulong)entries.Count);
        foreach (var (term, rows, bytes) in entries)
        {
            var utf8 = Encoding.UTF8.GetBytes(term);
            PostingCodec.Write(output, ref i, (ulong)utf8.Length);
            utf8.CopyTo(output, i);
            i += utf8.Length;
            PostingCodec.Write(output, ref i, (ulong)rows);
            PostingCodec.Write(output, ref i, (ulong)bytes.Length);
        }
        data.CopyTo(output, i);
        return output.AsSpan(0, i + data.Length).ToArray();
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteSegment(SqliteConnection c, SqliteTransaction tx, int kind, long rows)
    {
        if (_sorted.Length < _filled[kind].Count) _sorted = new SortedSlot[Math.Max(_filled[kind].Count, _sorted.Length * 2)];
        var slots = _sorted;
        int count = 0;
        foreach (var slot in _filled[kind])
        {
            if (slot.Kind(kind).Rows == 0) continue;
            if (slot.Utf8 is null)
            {
                slot.Utf8 = Encoding.UTF8.GetBytes(slot.Term);
                slot.Prefix = SortedSlot.PrefixOf(slot.Utf8);
            }
            slots[count++] = new SortedSlot(slot.Prefix, slot);
        }
        if (count == 0) return;
        slots.AsSpan(0, count).Sort(default(SortedSlot.Order));
        long segment = NextSegment(c, tx, kind);
        using (var insert = new BlockInsert(c, kind, segment))
        {
            var writer = new PostingBlockWriter(insert.Emit);
            foreach (var (_, slot) in slots.AsSpan(0, count))
            {
                ref var buffer = ref slot.Kind(kind);
                if (buffer.Sorted) writer.Add(slot.Utf8!, buffer.Rows, buffer.Written);
                else
                {
                    var list = new List<Posting>();
                    PostingCodec.Decode(buffer.Written, list);
                    list.Sort((a, b) => a.Id.CompareTo(b.Id));
                    writer.Add(slot.Utf8!, list.Count, PostingCodec.Encode(list));
                }
            }
            writer.Complete();
        }
        Array.Clear(slots, 0, count);
        AddSegment(c, tx, kind, segment, Math.Max(1, rows));
    }

    private static void AddSegment(SqliteConnection c, SqliteTransaction tx, int kind, long segment, long rows)
    {
        using var seg = Command(c, tx, "INSERT INTO postings_segments(kind, segment, rows) VALUES ($k, $s, $n)",
            ("$k", kind), ("$s", segment), ("$n", rows));
        seg.ExecuteNonQuery();
    }

    /// <summary>The insert of one segment's blocks, prepared once and bound by position (<see cref="SqliteRowStatement"/>).</summary>
    private sealed class BlockInsert : IDisposable
    {
        private readonly SqliteRowStatement _insert;

        public BlockInsert(SqliteConnection c, int kind, long segment)
        {
            _insert = new SqliteRowStatement(c, "INSERT INTO postings(kind, segment, first, blob) VALUES (?1, ?2, ?3, ?4)");
            _insert.Bind(1, kind);
            _insert.Bind(2, segment);
        }

        /// <summary>Stores a block: its first term as text (the UTF-8 bytes a string of it would be stored as) and its blob.</summary>
        public void Emit(ReadOnlySpan<byte> first, ReadOnlySpan<byte> blob)
        {
            _insert.BindUtf8(3, first);
            _insert.BindBlob(4, blob);
            _insert.Execute();
        }

        public void Dispose() => _insert.Dispose();
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
    /// Rewrites the given segments as one under a new number: their blocks walked side by side in term order (each
    /// segment's are sorted), each term's data concatenated in id order (<see cref="PostingCodec.TryConcatenate"/>; decoded
    /// and sorted only where two segments' ids interleave). No term is decoded into a string but a block's first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Merge(SqliteConnection c, SqliteTransaction tx, int kind, IReadOnlyList<(long Segment, long Rows)> segments)
    {
        var cursors = new List<Cursor>();
        using (var cmd = Command(c, tx, "SELECT blob FROM postings WHERE kind = $k AND segment = $s ORDER BY first", ("$k", kind), ("$s", 0L)))
            foreach (var (number, _) in segments)
            {
                cmd.Parameters["$s"].Value = number;
                var blobs = new List<byte[]>();
                using (var r = cmd.ExecuteReader())
                    while (r.Read()) blobs.Add((byte[])r.GetValue(0));
                var cursor = new Cursor(blobs);
                if (cursor.Valid) cursors.Add(cursor);
            }
        var numbers = string.Join(",", segments.Select(s => s.Segment));
        using (var cmd = Command(c, tx, $"DELETE FROM postings WHERE kind = $k AND segment IN ({numbers}); DELETE FROM postings_segments WHERE kind = $k AND segment IN ({numbers})", ("$k", kind)))
            cmd.ExecuteNonQuery();
        long segment = NextSegment(c, tx, kind);
        var rows = new List<Posting>();
        var parts = new List<ReadOnlyMemory<byte>>();
        var at = new List<Cursor>();
        // One buffer for every term's concatenated data: the writer copies it into its block.
        byte[] joined = [];
        using (var insert = new BlockInsert(c, kind, segment))
        {
            var writer = new PostingBlockWriter(insert.Emit);
            while (cursors.Count > 0)
            {
                // The smallest term among the cursors, and every cursor standing on it (in segment order).
                at.Clear();
                foreach (var cursor in cursors)
                {
                    int order = at.Count == 0 ? -1 : cursor.Term.SequenceCompareTo(at[0].Term);
                    if (order < 0) at.Clear();
                    if (order <= 0) at.Add(cursor);
                }
                var term = at[0].Term;
                parts.Clear();
                int count = 0;
                foreach (var cursor in at)
                {
                    parts.Add(cursor.Data);
                    count += cursor.Rows;
                }
                ReadOnlyMemory<byte> bytes;
                if (parts.Count == 1) bytes = parts[0];
                else if (PostingCodec.TryConcatenate(parts, ref joined, out int joinedLength)) bytes = joined.AsMemory(0, joinedLength);
                else
                {
                    rows.Clear();
                    foreach (var part in parts) PostingCodec.Decode(part.Span, rows);
                    rows.Sort((a, b) => a.Id.CompareTo(b.Id));
                    bytes = PostingCodec.Encode(rows);
                }
                writer.Add(term, count, bytes.Span);
                foreach (var cursor in at) cursor.MoveNext();
                cursors.RemoveAll(x => !x.Valid);
            }
            writer.Complete();
        }
        AddSegment(c, tx, kind, segment, segments.Sum(s => s.Rows));
    }

    /// <summary>Walks one segment's blocks entry by entry, in term order.</summary>
    private sealed class Cursor
    {
        private readonly List<byte[]> _blobs;
        private int _blob = -1, _entry, _count;
        // The current block's entries (the array is reused from block to block).
        private PostingBlock.RawEntry[] _entries = [];

        public Cursor(List<byte[]> blobs)
        {
            _blobs = blobs;
            MoveNext();
        }

        public bool Valid => _blob < _blobs.Count;

        public ReadOnlySpan<byte> Term => _blobs[_blob].AsSpan(_entries[_entry].TermOffset, _entries[_entry].TermLength);

        public int Rows => _entries[_entry].Rows;

        public ReadOnlyMemory<byte> Data => _blobs[_blob].AsMemory(_entries[_entry].Offset, _entries[_entry].Length);

        public void MoveNext()
        {
            _entry++;
            while (_entry >= _count)
            {
                if (++_blob >= _blobs.Count) return;
                _count = PostingBlock.Raw(_blobs[_blob], ref _entries);
                _entry = 0;
            }
        }
    }
}
