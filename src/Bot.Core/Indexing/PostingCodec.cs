using System.Runtime.CompilerServices;

namespace Bot.Core.Indexing;

/// <summary>
/// A term's postings in one segment as a blob: per row five varints (id minus the previous row's id, document minus
/// the previous row's document zigzag-coded, length, title count, text count), rows in ascending id. Lucene's layout without its blocks: decoding is a few nanoseconds a row.
/// </summary>
internal static class PostingCodec
{
    public static byte[] Encode(IReadOnlyList<Posting> postings)
    {
        var buffer = new byte[postings.Count * 8 + 16];
        int n = 0;
        long previous = 0, document = 0;
        foreach (var p in postings)
        {
            if (buffer.Length - n < 50) Array.Resize(ref buffer, buffer.Length * 2);
            Write(buffer, ref n, (ulong)(p.Id - previous));
            long delta = p.Document - document;
            Write(buffer, ref n, (ulong)((delta << 1) ^ (delta >> 63)));
            document = p.Document;
            Write(buffer, ref n, (ulong)p.Length);
            Write(buffer, ref n, (ulong)p.Title);
            Write(buffer, ref n, (ulong)p.Text);
            previous = p.Id;
        }
        return buffer.AsSpan(0, n).ToArray();
    }

    /// <summary>Appends the blob's rows to <paramref name="into"/>, leaving out the ids in <paramref name="skip"/>.</summary>
    public static void Decode(ReadOnlySpan<byte> blob, List<Posting> into, IReadOnlySet<long>? skip = null)
    {
        int i = 0;
        long id = 0, document = 0;
        while (i < blob.Length)
        {
            id += (long)Read(blob, ref i);
            ulong zigzag = Read(blob, ref i);
            document += (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
            int length = (int)Read(blob, ref i), title = (int)Read(blob, ref i), text = (int)Read(blob, ref i);
            if (skip is null || !skip.Contains(id)) into.Add(new Posting(id, document, length, title, text));
        }
    }

    /// <summary>
    /// The blobs of one term from several segments as one blob, without decoding them into rows: ordered by their first
    /// id, each blob's bytes are copied after the previous one's with only its first row re-encoded (its id and document
    /// become deltas from the previous blob's last row). Written into <paramref name="output"/> (grown when too small, else
    /// reused: a merge concatenates tens of thousands of terms), its first <paramref name="length"/> bytes; false when two
    /// blobs' ids interleave (then decode and sort).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryConcatenate(List<ReadOnlyMemory<byte>> blobs, ref byte[] output, out int length)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        length = 0;
        int count = blobs.Count, total = 0;
        // The blobs by first id, ties in their given order (a stable insertion sort: a term is in a few segments).
        Span<long> firsts = count <= 32 ? stackalloc long[count] : new long[count];
        Span<int> order = count <= 32 ? stackalloc int[count] : new int[count];
        for (int k = 0; k < count; k++)
        {
            var b = blobs[k].Span;
            int i = 0;
            long first = b.Length == 0 ? 0 : (long)Read(b, ref i);
            total += b.Length;
            int at = k;
            while (at > 0 && firsts[at - 1] > first)
            {
                firsts[at] = firsts[at - 1];
                order[at] = order[at - 1];
                at--;
            }
            firsts[at] = first;
            order[at] = k;
        }
        int size = total + 20 * count;
        if (output.Length < size) output = new byte[Math.Max(size, Math.Min(Array.MaxLength, output.Length * 2))];
        int n = 0;
        long lastId = -1, lastDocument = 0;
        foreach (var k in order)
        {
            var blob = blobs[k].Span;
            if (blob.Length == 0) continue;
            int i = 0;
            long id = (long)Read(blob, ref i);
            ulong zigzag = Read(blob, ref i);
            long document = (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
            if (id <= lastId) return false;
            Write(output, ref n, (ulong)(id - Math.Max(lastId, 0)));
            long delta = document - lastDocument;
            Write(output, ref n, (ulong)((delta << 1) ^ (delta >> 63)));
            int rest = i;
            // The rest of the blob is copied as it is; walk it only for its last id and document.
            for (int v = 0; v < 3; v++) Read(blob, ref i);
            while (i < blob.Length)
            {
                id += (long)Read(blob, ref i);
                zigzag = Read(blob, ref i);
                document += (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
                for (int v = 0; v < 3; v++) Read(blob, ref i);
            }
            blob[rest..].CopyTo(output.AsSpan(n));
            n += blob.Length - rest;
            lastId = id;
            lastDocument = document;
        }
        length = n;
        return true;
    }

    internal static void Write(byte[] buffer, ref int n, ulong v)
    {
        while (v >= 0x80)
        {
            buffer[n++] = (byte)(v | 0x80);
            v >>= 7;
        }
        buffer[n++] = (byte)v;
    }

    internal static ulong Read(ReadOnlySpan<byte> p, ref int i)
    {
        ulong v = 0;
        int shift = 0;
        while (true)
        {
            byte b = p[i++];
            v |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return v;
            shift += 7;
        }
    }
}
