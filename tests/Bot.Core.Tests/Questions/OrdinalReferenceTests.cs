using Bot.Core.Questions;

namespace Bot.Core.Tests.Questions;

public sealed class OrdinalReferenceTests
{
    [Theory]
    [InlineData("Where was the last of the nine climbers found?", "9th ninth")]
    [InlineData("Who was the last of 12 candidates to withdraw?", "12th twelfth")]
    [InlineData("When did the last of the 21 ships arrive?", "21st")]
    [InlineData("What happened to the last of those three prisoners?", "3rd third")]
    public void The_last_of_a_counted_set_is_named_by_the_ordinal_of_the_count(string question, string words) =>
        Assert.Equal(words, string.Join(" ", OrdinalReference.LastOfCount(question).Order(StringComparer.Ordinal)));

    [Theory]
    [InlineData("Where was the last climber found?")]
    [InlineData("When did the last of the ships arrive?")]
    [InlineData("Who was the first of the nine climbers to reach the top?")]
    public void A_question_that_counts_no_set_names_no_ordinal(string question) =>
        Assert.Empty(OrdinalReference.LastOfCount(question));
}
