using Bot.Core.Indexing;

namespace Bot.Core.Tests.Indexing;

public sealed class PostingCodecTests
{
    private static List<Posting> Rows(params long[] ids) =>
        ids.Select(id => new Posting(id, id / 7 - (id % 3 == 0 ? 5 : 0), (int)(id % 40) + 1, (int)(id % 2), (int)(id % 5) + 1)).ToList();

    private static List<Posting> Decode(byte[] blob)
    {
        var list = new List<Posting>();
        PostingCodec.Decode(blob, list);
        return list;
    }

    /// <summary><see cref="PostingCodec.TryConcatenate"/> into a fresh array; null when the ids interleave.</summary>
    private static byte[]? Concatenate(List<ReadOnlyMemory<byte>> blobs)
    {
        byte[] output = [];
        return PostingCodec.TryConcatenate(blobs, ref output, out int n) ? output.AsSpan(0, n).ToArray() : null;
    }

    [Fact]
    public void A_blob_decodes_to_the_rows_it_was_encoded_from()
    {
        var rows = Rows(1, 2, 300, 70_000, 70_001, 5_000_000_000);
        Assert.Equal(rows, Decode(PostingCodec.Encode(rows)));
    }

    [Fact]
    public void Segments_concatenated_in_id_order_decode_to_every_row_in_order()
    {
        var a = Rows(5, 9, 40);
        var b = Rows(41, 100, 1000);
        var c = Rows(2000, 2001);
        // Given out of order: concatenation orders them by their first id.
        var merged = Concatenate([PostingCodec.Encode(c), PostingCodec.Encode(a), PostingCodec.Encode(b)]);
        Assert.Equal(a.Concat(b).Concat(c), Decode(merged!));
    }

    [Fact]
    public void Segments_whose_ids_interleave_are_not_concatenated()
    {
        Assert.Null(Concatenate([PostingCodec.Encode(Rows(5, 50)), PostingCodec.Encode(Rows(10, 60))]));
        Assert.Null(Concatenate([PostingCodec.Encode(Rows(5, 50)), PostingCodec.Encode(Rows(50, 60))]));
    }

    [Fact]
    public void Concatenating_into_a_reused_buffer_gives_the_bytes_of_a_fresh_one()
    {
        var parts = new List<ReadOnlyMemory<byte>> { PostingCodec.Encode(Rows(2000, 2001)), PostingCodec.Encode(Rows(5, 9, 40)), Array.Empty<byte>(), PostingCodec.Encode(Rows(41, 100)) };
        var expected = Concatenate(parts)!;
        var buffer = new byte[4096];
        buffer.AsSpan().Fill(0xEE);
        var reused = buffer;

        Assert.True(PostingCodec.TryConcatenate(parts, ref reused, out int length));
        Assert.Same(buffer, reused);
        Assert.Equal(expected, reused.AsSpan(0, length).ToArray());

        byte[] small = new byte[1];
        Assert.True(PostingCodec.TryConcatenate(parts, ref small, out length));
        Assert.Equal(expected, small.AsSpan(0, length).ToArray());
        Assert.Equal(Rows(5, 9, 40, 41, 100, 2000, 2001), Decode(expected));
    }

    [Fact]
    public void Many_segments_are_ordered_by_first_id_and_interleaving_ones_are_refused()
    {
        // Over the 32 blobs kept on the stack; blobs starting at the same id interleave, so they are refused as before.
        var parts = Enumerable.Range(0, 40).Select(k => (ReadOnlyMemory<byte>)PostingCodec.Encode(Rows(1000 - k * 20, 1000 - k * 20 + 1))).ToList();
        byte[] buffer = [];
        Assert.True(PostingCodec.TryConcatenate(parts, ref buffer, out int length));
        Assert.Equal(parts.SelectMany(p => Decode(p.ToArray())).OrderBy(p => p.Id), Decode(buffer.AsSpan(0, length).ToArray()));

        parts.Add(PostingCodec.Encode(Rows(220, 230)));
        Assert.False(PostingCodec.TryConcatenate(parts, ref buffer, out _));
    }
}
