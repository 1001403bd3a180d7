using System.Text;

namespace Bot.Core.Indexing;

/// <summary>
/// One row of the <c>postings</c> table (schema v7): the postings of consecutive terms of one segment (in UTF-8 byte
/// order, SQLite's order of the key), keyed by its first term, so a term is found by one seek (<c>first &lt;= term
/// ORDER BY first DESC LIMIT 1</c>) and a write inserts a row per block of terms, not per term (a row per term cost a
/// statement for each of a batch's ~20k terms, at every merge again). Layout: the entry count, per entry its term's
/// UTF-8 length and bytes, its row count and its data's length (varints), then the entries' data
/// (<see cref="PostingCodec"/>) in the same order. A term whose data reaches <see cref="LargeBytes"/> gets a block of its own.
/// </summary>
internal static class PostingBlock
{
    /// <summary>A block is closed once its data reaches this many bytes.</summary>
    internal const int TargetBytes = 4096;

    /// <summary>A term with at least this much data is a block alone (a search for a rare term never reads it).</summary>
    internal const int LargeBytes = 2048;

    /// <summary>One term of a block: its row count and where its data lies in the blob.</summary>
    internal readonly record struct Entry(string Term, int Rows, int Offset, int Length);

    /// <summary>The block's entries in order.</summary>
    public static List<Entry> Parse(byte[] blob)
    {
        RawEntry[] heads = [];
        int count = Raw(blob, ref heads);
        var entries = new List<Entry>(count);
        foreach (var e in heads.AsSpan(0, count)) entries.Add(new Entry(Encoding.UTF8.GetString(blob, e.TermOffset, e.TermLength), e.Rows, e.Offset, e.Length));
        return entries;
    }

    /// <summary>One entry with its term left as UTF-8 bytes in the blob (what a merge compares).</summary>
    internal readonly record struct RawEntry(int TermOffset, int TermLength, int Rows, int Offset, int Length);

    /// <summary>
    /// The block's entries in order, their terms not decoded, into <paramref name="heads"/> (grown when too small, else
    /// reused: a merge walks every block of its segments); returns the number of entries.
    /// </summary>
    public static int Raw(byte[] blob, ref RawEntry[] heads)
    {
        ArgumentNullException.ThrowIfNull(blob);
        int i = 0;
        int count = (int)PostingCodec.Read(blob, ref i);
        if (heads.Length < count) heads = new RawEntry[Math.Max(count, heads.Length * 2)];
        for (int e = 0; e < count; e++)
        {
            int n = (int)PostingCodec.Read(blob, ref i);
            int term = i;
            i += n;
            int rows = (int)PostingCodec.Read(blob, ref i);
            heads[e] = new RawEntry(term, n, rows, 0, (int)PostingCodec.Read(blob, ref i));
        }
        for (int e = 0; e < count; e++)
        {
            heads[e] = heads[e] with { Offset = i };
            i += heads[e].Length;
        }
        return count;
    }

    /// <summary>The term's row count and data in the block; false when the block does not hold it.</summary>
    public static bool TryFind(byte[] blob, ReadOnlySpan<byte> term, out int rows, out ReadOnlyMemory<byte> data)
    {
        ArgumentNullException.ThrowIfNull(blob);
        int i = 0;
        int count = (int)PostingCodec.Read(blob, ref i);
        int skip = 0, found = -1, length = 0;
        rows = 0;
        for (int e = 0; e < count; e++)
        {
            int n = (int)PostingCodec.Read(blob, ref i);
            bool match = found < 0 && blob.AsSpan(i, n).SequenceEqual(term);
            i += n;
            int r = (int)PostingCodec.Read(blob, ref i), l = (int)PostingCodec.Read(blob, ref i);
            if (match) { found = e; rows = r; length = l; }
            else if (found < 0) skip += l;
        }
        data = found < 0 ? default : blob.AsMemory(i + skip, length);
        return found >= 0;
    }

    /// <summary>Orders terms as SQLite orders the key (the bytes of their UTF-8 form).</summary>
    public static int Compare(byte[] x, byte[] y) => x.AsSpan().SequenceCompareTo(y);
}
