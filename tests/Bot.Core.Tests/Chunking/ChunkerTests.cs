using System.Text;
using Bot.Core.Chunking;
using Bot.Core.Documents;

namespace Bot.Core.Tests.Chunking;

public class ChunkerTests
{
    private static Document Doc(string text) => DocumentLoader.Parse(Encoding.UTF8.GetBytes(text), "doc.txt");

    [Fact]
    public void Passages_respect_the_token_budget_align_to_sentences_and_overlap_by_one_sentence()
    {
        var paragraph = string.Join(" ", Enumerable.Range(1, 30).Select(i => $"Sentence number {i} talks about topic {i}."));
        var doc = Doc("Title line\n\n" + paragraph + "\n\nShort paragraph.");
        var chunked = new Chunker(passageTokens: 40, overlapSentences: 1).Chunk(doc);

        var first = chunked.Passages.Where(p => p.Paragraph == 1).ToList();
        Assert.True(first.Count > 2);
        Assert.All(first, p => Assert.True(p.Tokens <= 40, $"passage of {p.Tokens} tokens"));
        for (int i = 1; i < first.Count; i++) Assert.Equal(first[i - 1].LastSentence, first[i].FirstSentence);
        Assert.Equal(first[0].FirstSentence, chunked.Sentences.First(s => s.Paragraph == 1).Ordinal);
        Assert.Equal(first[^1].LastSentence, chunked.Sentences.Last(s => s.Paragraph == 1).Ordinal);
    }

    [Fact]
    public void Passages_never_cross_paragraphs_and_offsets_slice_the_document_text()
    {
        var doc = Doc("One. Two.\nThree. Four.\nFive.");
        var chunked = new Chunker(160, 1).Chunk(doc);
        Assert.Equal(3, chunked.Passages.Count);
        Assert.All(chunked.Passages, p => Assert.Equal(p.Text, doc.Text[p.Start..p.End]));
        Assert.All(chunked.Sentences, s => Assert.Equal(s.Text, doc.Text[s.Start..s.End]));
        Assert.Equal([1, 1, 2, 2, 3], chunked.Sentences.Select(s => s.Paragraph));
    }

    [Fact]
    public void A_sentence_longer_than_the_budget_is_cut_into_pieces_that_fit()
    {
        var longSentence = "Words " + string.Join(" ", Enumerable.Repeat("word", 100)) + ".";
        var chunked = new Chunker(20, 1).Chunk(Doc("Short. " + longSentence + " Tail."));
        Assert.All(chunked.Passages, p => Assert.InRange(p.Tokens, 1, 20));
        Assert.All(chunked.Sentences, s => Assert.InRange(TokenCounter.Count(s.Text), 1, 20));
        Assert.Equal("Short.", chunked.Sentences[0].Text);
        Assert.Equal("Tail.", chunked.Sentences[^1].Text);
        Assert.True(chunked.Sentences.Count >= 2 + 101 / 20);
    }

    [Fact]
    public void Token_counts_come_from_the_o200k_tokenizer()
    {
        Assert.Equal(TokenCounter.Instance.CountTokens("Hello, world!"), TokenCounter.Count("Hello, world!"));
        Assert.InRange(TokenCounter.Count("Hello, world!"), 3, 5);
    }

    [Fact]
    public void Chunks_cut_from_the_document_equal_chunks_given_their_own_text()
    {
        var doc = Doc("Title line\n\nThe first sentence is here. A second one follows it.\n\nAnother paragraph.");
        var chunked = new Chunker(160, 1).Chunk(doc);

        foreach (var s in chunked.Sentences)
        {
            var copy = new SentenceChunk(s.Paragraph, s.Ordinal, s.Start, s.End, new string(doc.Text.AsSpan(s.Start, s.End - s.Start)), s.Hash);
            Assert.Equal(copy, s);
            Assert.Equal(copy.GetHashCode(), s.GetHashCode());
            Assert.Equal(ContentHash.Of(s.Text), s.Hash);
            Assert.NotEqual(copy with { }, new SentenceChunk(s.Paragraph, s.Ordinal, s.Start, s.End, s.Text + "!", s.Hash));
        }
        foreach (var p in chunked.Passages)
        {
            var copy = new PassageChunk(p.Ordinal, p.Paragraph, p.Start, p.End, doc.Text[p.Start..p.End], p.Tokens, p.FirstSentence, p.LastSentence, p.Hash);
            Assert.Equal(copy, p);
            Assert.Equal(copy.GetHashCode(), p.GetHashCode());
            Assert.Equal(ContentHash.Of(p.Text), p.Hash);
            Assert.Same(p.Text, p.Text); // cut once, then kept
        }
    }

    [Fact]
    public void A_chunk_given_its_own_text_keeps_that_text_whatever_its_offsets()
    {
        var sentence = new SentenceChunk(1, 0, 100, 105, "Hello there.", "hash");
        Assert.Equal("Hello there.", sentence.Text);
        var passage = new PassageChunk(0, 1, 100, 105, "Hello there.", 3, 0, 0, "hash");
        Assert.Equal("Hello there.", passage.Text);
    }
}
