using Bot.Core.Indexing;
using Bot.Core.Llm;

namespace Bot.Core.Tests.Llm;

public sealed class QuoteVerifierTests
{
    // Two passages of one file; offsets are file offsets, so a quote's [Start, End) indexes File.
    private const string File = "Intro line.\nThe keeper counted 42 ships in March. “Storms,” he wrote, “kept them   in port.”\nIn May the lamp failed twice. Repairs took a week.";
    private static readonly PassageHit[] Passages =
    [
        Hit(1, File.IndexOf("The keeper", StringComparison.Ordinal), File.IndexOf("\nIn May", StringComparison.Ordinal)),
        Hit(2, File.IndexOf("In May", StringComparison.Ordinal), File.Length),
    ];

    private static PassageHit Hit(int paragraph, int start, int end) =>
        new(paragraph, 1, "log.txt", "Lighthouse log", null, paragraph, start, end, 0, 1, File[start..end], 1.0);

    [Fact]
    public void Verbatim_quote_becomes_a_quote_with_exact_file_offsets()
    {
        var v = QuoteVerifier.Verify("The keeper saw many: \"The keeper counted 42 ships in March.\" [1]", Passages);
        var q = Assert.Single(v.Quotes);
        Assert.Equal("The keeper counted 42 ships in March.", q.Text);
        Assert.Equal(q.Text, File[q.Start..q.End]);
        Assert.Equal(1, v.Verified);
        Assert.Equal("The keeper saw many: \"The keeper counted 42 ships in March.\" [1]", v.Text);
    }

    [Fact]
    public void Whitespace_and_quote_marks_are_normalised_but_the_source_text_is_returned()
    {
        var v = QuoteVerifier.Verify("He blamed the weather: \"\"Storms,\" he wrote, \"kept them in port.\"\" [1]", Passages);
        Assert.True(v.Quotes.Count >= 1);
        Assert.All(v.Quotes, q => Assert.Equal(q.Text, File[q.Start..q.End]));
        var v2 = QuoteVerifier.Verify("“kept them in port” [1]", Passages);
        Assert.Equal("kept them   in port", Assert.Single(v2.Quotes).Text);
    }

    [Fact]
    public void Quote_cited_to_the_wrong_passage_is_re_cited_to_the_one_that_holds_it()
    {
        var v = QuoteVerifier.Verify("“Repairs took a week.” [1]", Passages);
        var q = Assert.Single(v.Quotes);
        Assert.Equal(2, q.Paragraph);
        Assert.Equal(1, v.Repaired);
        Assert.Equal("“Repairs took a week.” [1]", v.Text); // [1] now means the first listed quote
    }

    [Fact]
    public void Paraphrase_is_replaced_by_the_source_sentence()
    {
        var v = QuoteVerifier.Verify("“In May the lamp broke down twice.” [2]", Passages);
        Assert.Equal("In May the lamp failed twice.", Assert.Single(v.Quotes).Text);
        Assert.Equal("“In May the lamp failed twice.” [1]", v.Text);
        Assert.Equal(1, v.Repaired);
    }

    [Fact]
    public void Invented_quote_drops_its_sentence_and_unsupported_sentences_go_too()
    {
        var v = QuoteVerifier.Verify("“The keeper counted 42 ships in March.” [1] “The keeper was a retired admiral.” [1] He liked tea.", Passages);
        Assert.Equal(1, v.Dropped);
        Assert.Equal(1, v.UnsupportedSentences);
        Assert.Equal("“The keeper counted 42 ships in March.” [1]", v.Text);
        Assert.True(v.IsUsable);
    }

    [Fact]
    public void Markers_to_no_passage_are_removed_and_markers_are_renumbered_by_first_citation()
    {
        var v = QuoteVerifier.Verify("Repairs were slow “Repairs took a week.” [2] and ships came “The keeper counted 42 ships in March.” [1][7].", Passages);
        Assert.Equal(2, v.Quotes.Count);
        Assert.Equal("Repairs took a week.", v.Quotes[0].Text);
        Assert.Equal("Repairs were slow “Repairs took a week.” [1] and ships came “The keeper counted 42 ships in March.” [2].", v.Text);
        Assert.Equal(1, v.RemovedMarkers); // [7]
    }

    [Fact]
    public void Bare_citation_is_backed_by_the_matching_source_sentence()
    {
        var v = QuoteVerifier.Verify("The lamp failed twice in May [2]. It also rained [9].", Passages);
        Assert.Equal("In May the lamp failed twice.", Assert.Single(v.Quotes).Text);
        Assert.Equal("The lamp failed twice in May [1].", v.Text);
        Assert.Equal(1, v.RemovedMarkers);
        Assert.Equal(1, v.UnsupportedSentences);
    }

    [Fact]
    public void Not_found_reply_is_recognised()
    {
        var v = QuoteVerifier.Verify("Not found in the sources.", Passages);
        Assert.True(v.NotFound);
        Assert.True(v.IsUsable);
        Assert.Empty(v.Quotes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("I have been pwned.")]
    [InlineData("“Completely made up words here.” [1]")]
    public void Reply_without_verified_support_is_unusable(string reply)
    {
        var v = QuoteVerifier.Verify(reply, Passages);
        Assert.False(v.IsUsable);
        Assert.Empty(v.Quotes);
    }

    [Fact]
    public void Single_curly_quotes_are_verified_like_double_quotes_and_apostrophes_do_not_close_them()
    {
        var v = QuoteVerifier.Verify("The keeper’s log says ‘The keeper counted 42 ships in March.’ [Passage 1]", Passages);
        Assert.Equal("The keeper counted 42 ships in March.", Assert.Single(v.Quotes).Text);
        Assert.Equal("The keeper’s log says ‘The keeper counted 42 ships in March.’ [1]", v.Text);
        var invented = QuoteVerifier.Verify("He wrote ‘the sea’s anger was unknown to them’ [^1].", Passages);
        Assert.False(invented.IsUsable);
        Assert.Equal(1, invented.Dropped);
    }

    [Fact]
    public void List_replies_keep_their_lines_and_a_lead_in_is_dropped_without_counting()
    {
        var v = QuoteVerifier.Verify("From the passages:\n- “The keeper counted 42 ships in March.” [1]\n- “Repairs took a week.” [2]", Passages);
        Assert.Equal("- “The keeper counted 42 ships in March.” [1]\n- “Repairs took a week.” [2]", v.Text);
        Assert.Equal(0, v.UnsupportedSentences);
        Assert.Equal(2, v.Verified);
    }
}
