using Bot.Core.Text;

namespace Bot.Core.Tests.Text;

public class PorterStemmerTests
{
    // Pairs from Porter's published vocabulary/output lists.
    [Theory]
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("cats", "cat")]
    [InlineData("agreed", "agre")]
    [InlineData("plastered", "plaster")]
    [InlineData("motoring", "motor")]
    [InlineData("hopping", "hop")]
    [InlineData("filing", "file")]
    [InlineData("happy", "happi")]
    [InlineData("relational", "relat")]
    [InlineData("conditional", "condit")]
    [InlineData("generalization", "gener")]
    [InlineData("hopeful", "hope")]
    [InlineData("goodness", "good")]
    [InlineData("revival", "reviv")]
    [InlineData("adjustment", "adjust")]
    [InlineData("controll", "control")]
    [InlineData("organisations", "organis")]
    public void Stems_match_the_reference_algorithm(string word, string stem) => Assert.Equal(stem, PorterStemmer.Stem(word));
}
