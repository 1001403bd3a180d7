using System.Text;
using Bot.Core.Indexing;

namespace Bot.Core.Tests.Indexing;

public sealed class PostingBlockWriterTests
{
    [Fact]
    public void Blocks_handed_over_as_spans_hold_every_term_in_order_with_its_data()
    {
        // Enough data for several blocks, with one term over the large size on its own.
        var terms = Enumerable.Range(0, 3000).Select(i => $"term{i:D5}").ToList();
        byte[] Data(int i) => Enumerable.Range(0, i == 1500 ? PostingBlock.LargeBytes + 10 : 1 + i % 90).Select(b => (byte)(b + i)).ToArray();
        var blocks = new List<(string First, byte[] Blob)>();
        var writer = new PostingBlockWriter((first, blob) => blocks.Add((Encoding.UTF8.GetString(first), blob.ToArray())));
        for (int i = 0; i < terms.Count; i++) writer.Add(Encoding.UTF8.GetBytes(terms[i]), i + 1, Data(i));
        writer.Complete();

        Assert.True(blocks.Count > 3);
        var seen = new List<string>();
        PostingBlock.RawEntry[] reused = [];
        foreach (var (first, blob) in blocks)
        {
            var entries = PostingBlock.Parse(blob);
            Assert.Equal(first, entries[0].Term);
            foreach (var e in entries)
            {
                int i = seen.Count;
                Assert.Equal(terms[i], e.Term);
                Assert.Equal(i + 1, e.Rows);
                Assert.Equal(Data(i), blob.AsSpan(e.Offset, e.Length).ToArray());
                seen.Add(e.Term);
            }
            // The reused array gives the fresh one's entries, also after a larger block.
            int count = PostingBlock.Raw(blob, ref reused);
            PostingBlock.RawEntry[] fresh = [];
            int freshCount = PostingBlock.Raw(blob, ref fresh);
            Assert.Equal(fresh.AsSpan(0, freshCount).ToArray(), reused.AsSpan(0, count).ToArray());
        }
        Assert.Equal(terms, seen);
    }
}
