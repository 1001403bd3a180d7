using System.Text;
using Bot.Core.Text;

namespace Bot.Core.Tests.Text;

public class WordVectorsTests
{
    [Fact]
    public void The_embedded_table_loads_fifty_thousand_words_of_one_hundred_dimensions()
    {
        var vectors = WordVectors.Default;
        Assert.Equal(50_000, vectors.Count);
        Assert.Equal(100, vectors.Dimensions);
        Assert.True(vectors.IndexOf("the") >= 0);
        Assert.Equal(-1, vectors.IndexOf("qwxzvbnmrtlk"));
    }

    [Fact]
    public void Related_words_are_closer_than_unrelated_ones()
    {
        var v = WordVectors.Default;
        Assert.True(v.Similarity("invaded", "conquered") > v.Similarity("invaded", "banana") + 0.3f);
        Assert.True(v.Similarity("king", "queen") > v.Similarity("king", "tuesday") + 0.3f);
        Assert.Equal(v.Similarity("court", "judge"), v.Similarity("judge", "court"));
        Assert.Null(v.Similarity("court", "qwxzvbnmrtlk"));
    }

    [Fact]
    public void British_spellings_find_the_american_row_when_only_that_one_is_known()
    {
        var table = Build(("recognize", [1, 0, 0]), ("organization", [0, 1, 0]));
        Assert.Equal(0, table.IndexOf("recognise"));
        Assert.Equal(1, table.IndexOf("organisation"));
    }

    [Fact]
    public void Similarity_is_the_cosine_of_the_stored_rows()
    {
        var table = Build(("a", [3, 4, 0]), ("b", [4, 3, 0]), ("c", [0, 0, -5]));
        Assert.Equal(24f / 25f, table.Similarity(0, 1), 4);
        Assert.Equal(0f, table.Similarity(0, 2), 4);
        Span<float> sum = stackalloc float[3];
        table.AddTo(sum, 0, 2f);
        Assert.Equal([1.2f, 1.6f, 0f], sum.ToArray(), (x, y) => Math.Abs(x - y) < 1e-4);
    }

    [Fact]
    public void A_truncated_table_is_rejected_with_a_clear_error()
    {
        var bytes = Encoding.ASCII.GetBytes("BWV1").Concat(BitConverter.GetBytes(10)).Concat(BitConverter.GetBytes(3)).ToArray();
        var ex = Assert.ThrowsAny<Exception>(() => WordVectors.Load(new MemoryStream(bytes)));
        Assert.True(ex is InvalidDataException or EndOfStreamException, ex.GetType().Name);
    }

    [Fact]
    public void A_table_read_from_a_stream_in_place_from_its_bytes_or_with_bytes_after_its_rows_gives_the_same_similarities()
    {
        (string, sbyte[])[] rows = [("a", [3, 4, 0]), ("b", [4, 3, 0]), ("c", [0, 0, -5]), ("é", [1, 1, 1])];
        var bytes = Bytes(rows);
        WordVectors[] tables =
        [
            WordVectors.Load(new MemoryStream(bytes)), // seekable: the rows read in place
            WordVectors.Load(bytes), // from the bytes
            WordVectors.Load(new MemoryStream([.. bytes, 9, 9])), // trailing bytes: read whole, as before
            WordVectors.Load(new NonSeekable(bytes)),
        ];

        foreach (var table in tables)
        {
            Assert.Equal(4, table.Count);
            Assert.Equal(3, table.IndexOf("é"));
            Assert.Equal(24f / 25f, table.Similarity(0, 1), 4);
            Assert.Equal(tables[1].Similarity(0, 3), table.Similarity(0, 3));
        }
    }

    [Fact]
    public void A_table_whose_words_run_into_its_rows_is_rejected_from_a_stream_as_from_its_bytes()
    {
        var bytes = Bytes([("a", [3, 4, 0]), ("b", [4, 3, 0])]);
        bytes[12] = 40; // the first word's length now runs past the scales

        Assert.Equal(
            Assert.Throws<InvalidDataException>(() => WordVectors.Load(bytes)).Message,
            Assert.Throws<InvalidDataException>(() => WordVectors.Load(new MemoryStream(bytes))).Message);
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    private static WordVectors Build(params (string Word, sbyte[] Row)[] rows) => WordVectors.Load(new MemoryStream(Bytes(rows)));

    private static byte[] Bytes(params (string Word, sbyte[] Row)[] rows)
    {
        var raw = new MemoryStream();
        using (var w = new BinaryWriter(raw, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Encoding.ASCII.GetBytes("BWV1"));
            w.Write(rows.Length);
            w.Write(rows[0].Row.Length);
            foreach (var (word, _) in rows) { var b = Encoding.UTF8.GetBytes(word); w.Write((byte)b.Length); w.Write(b); }
            foreach (var _ in rows) w.Write(1f);
            foreach (var (_, row) in rows) foreach (var x in row) w.Write(x);
        }
        return raw.ToArray();
    }
}
