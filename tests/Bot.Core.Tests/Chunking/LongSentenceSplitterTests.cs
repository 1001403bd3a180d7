using Bot.Core.Chunking;
using Bot.Core.Documents;
using Bot.Core.Text;

namespace Bot.Core.Tests.Chunking;

public sealed class LongSentenceSplitterTests
{
    [Fact]
    public void A_sentence_over_the_budget_is_cut_at_clause_marks_into_pieces_that_fit()
    {
        var clause = "the harbour master counted the ships that came in before the storm, ";
        var text = "In March " + string.Concat(Enumerable.Repeat(clause, 12)) + "and then he went home.";
        var pieces = LongSentenceSplitter.Split(text, new TextSpan(0, text.Length), 40).ToList();

        Assert.True(pieces.Count > 1);
        Assert.All(pieces, p => Assert.True(TokenCounter.Count(text[p.Start..p.End]) <= 40));
        Assert.All(pieces.SkipLast(1), p => Assert.EndsWith(",", text[p.Start..p.End], StringComparison.Ordinal));
        // The pieces cover the sentence, in order, keeping every character but the spaces between them.
        Assert.Equal(text.Replace(" ", "", StringComparison.Ordinal), string.Concat(pieces.Select(p => text[p.Start..p.End])).Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public void A_sentence_within_the_budget_is_left_whole()
    {
        var text = "The lighthouse keeper counted 42 ships in March.";
        Assert.Equal([new TextSpan(0, text.Length)], LongSentenceSplitter.Split(text, new TextSpan(0, text.Length), 160));
    }

    [Fact]
    public void Two_hundred_thousand_lines_without_punctuation_become_bounded_sentences_and_passages()
    {
        var body = string.Join("\n", Enumerable.Range(0, 200_000).Select(i => $"line {i} of the log"));
        var document = DocumentLoader.Parse(System.Text.Encoding.UTF8.GetBytes("A long log\n\n" + body + "\n"), "log.txt");

        var chunked = new Chunker(160, 1).Chunk(document);

        Assert.True(chunked.Sentences.Count > 1000);
        Assert.All(chunked.Sentences, s => Assert.True(TokenCounter.Count(s.Text) <= 160, $"a sentence of {s.Text.Length} characters"));
        Assert.All(chunked.Passages, p => Assert.True(p.Tokens <= 160));
        Assert.All(chunked.Sentences, s => Assert.Equal(document.Text[s.Start..s.End], s.Text));
    }
}
