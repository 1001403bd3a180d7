using Bot.Core.Text;

namespace Bot.Core.Tests.Text;

public class WordTokenizerTests
{
    [Fact]
    public void Curly_and_straight_apostrophes_and_possessives_normalise_alike()
    {
        var curly = WordTokenizer.Tokenize("Russia’s court");
        var straight = WordTokenizer.Tokenize("russia's court");
        Assert.Equal(curly.Select(t => t.Stem), straight.Select(t => t.Stem));
        Assert.Equal("Russia’s", curly[0].Surface);
    }

    [Fact]
    public void British_and_American_spellings_share_a_stem()
    {
        Assert.Equal(WordTokenizer.Tokenize("recognise")[0].Stem, WordTokenizer.Tokenize("recognize")[0].Stem);
        Assert.Equal(WordTokenizer.Tokenize("organisations")[0].Stem, WordTokenizer.Tokenize("organization")[0].Stem);
        Assert.Equal(WordTokenizer.Tokenize("colour")[0].Stem, WordTokenizer.Tokenize("color")[0].Stem);
    }

    [Fact]
    public void Plurals_and_case_share_a_stem_and_offsets_point_at_the_surface()
    {
        const string text = "Sanctions and a SANCTION";
        var tokens = WordTokenizer.Tokenize(text);
        Assert.Equal(tokens[0].Stem, tokens[^1].Stem);
        Assert.All(tokens, t => Assert.Equal(t.Surface, text[t.Start..t.End]));
    }

    [Fact]
    public void Numbers_stay_whole()
    {
        var tokens = WordTokenizer.Tokenize("It cost 3.5 million, or 1,000 each, in the 1980s.");
        Assert.Contains(tokens, t => t.Surface == "3.5");
        Assert.Contains(tokens, t => t.Surface == "1,000");
        Assert.Contains(tokens, t => t.Surface == "1980s");
    }
}
