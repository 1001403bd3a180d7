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
        var merged = PostingCodec.Concatenate([PostingCodec.Encode(c), PostingCodec.Encode(a), PostingCodec.Encode(b)]);
        Assert.Equal(a.Concat(b).Concat(c), Decode(merged!));
    }

    [Fact]
    public void Segments_whose_ids_interleave_are_not_concatenated()
    {
        Assert.Null(PostingCodec.Concatenate([PostingCodec.Encode(Rows(5, 50)), PostingCodec.Encode(Rows(10, 60))]));
        Assert.Null(PostingCodec.Concatenate([PostingCodec.Encode(Rows(5, 50)), PostingCodec.Encode(Rows(50, 60))]));
    }
}
