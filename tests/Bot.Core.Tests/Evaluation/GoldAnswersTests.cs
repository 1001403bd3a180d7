using Bot.Core.Evaluation;

namespace Bot.Core.Tests.Evaluation;

public sealed class GoldAnswersTests
{
    [Theory]
    [InlineData("The Normans were in   Normandy in the 10th century.", "10TH CENTURY")]
    [InlineData("He called it “brave” and\nbold.", "\"brave\" and bold")]
    [InlineData("Russia’s Supreme Court", "Russia's supreme court")]
    public void A_gold_answer_matches_regardless_of_case_whitespace_and_quote_marks(string text, string answer) =>
        Assert.True(GoldAnswers.ContainsAny(text, [answer]));

    [Fact]
    public void No_gold_answers_never_match() => Assert.False(GoldAnswers.ContainsAny("anything", []));

    [Fact]
    public void A_different_answer_does_not_match() => Assert.False(GoldAnswers.ContainsAny("In October 1973", ["1974"]));
}
