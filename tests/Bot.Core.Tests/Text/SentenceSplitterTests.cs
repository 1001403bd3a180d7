using Bot.Core.Text;

namespace Bot.Core.Tests.Text;

public class SentenceSplitterTests
{
    private static string[] Split(string text) => SentenceSplitter.Split(text, 0, text.Length).Select(s => text[s.Start..s.End]).ToArray();

    [Fact]
    public void Abbreviations_and_initialisms_do_not_end_sentences()
    {
        Assert.Equal(
            ["This recognition comes nearly four years after U.S. troops exited Afghanistan.", "Since then, the Taliban has held power."],
            Split("This recognition comes nearly four years after U.S. troops exited Afghanistan. Since then, the Taliban has held power."));
    }

    [Fact]
    public void Titles_numbers_and_no_dot_n_stay_inside_the_sentence()
    {
        Assert.Equal(["Mr. Smith paid 3.5 million for No. 7 Main St. in 2020.", "He left."],
            Split("Mr. Smith paid 3.5 million for No. 7 Main St. in 2020. He left."));
    }

    [Fact]
    public void Closing_curly_quote_belongs_to_the_sentence_it_closes()
    {
        Assert.Equal(["In July 2024, President Putin called the Taliban “allies in the fight against terrorism.”", "He added more."],
            Split("In July 2024, President Putin called the Taliban “allies in the fight against terrorism.” He added more."));
    }

    [Fact]
    public void Initials_in_names_do_not_split()
    {
        Assert.Single(Split("The book was written by J. R. R. Tolkien in England."));
    }

    [Fact]
    public void Question_and_exclamation_marks_split()
    {
        Assert.Equal(["Why?", "Because!", "Fine."], Split("Why? Because! Fine."));
    }

    [Fact]
    public void Initialism_before_a_sentence_opener_ends_the_sentence()
    {
        Assert.Equal(["He moved to the U.S.", "The next year he returned."], Split("He moved to the U.S. The next year he returned."));
    }

    [Fact]
    public void Lowercase_continuation_after_a_period_does_not_split()
    {
        Assert.Single(Split("Prices rose approx. ten percent, e.g. in the north."));
    }

    [Fact]
    public void Offsets_are_exact_and_trimmed()
    {
        const string text = "  First one.   Second one.  ";
        var spans = SentenceSplitter.Split(text, 0, text.Length);
        Assert.Equal("First one.", text[spans[0].Start..spans[0].End]);
        Assert.Equal("Second one.", text[spans[1].Start..spans[1].End]);
    }
}
