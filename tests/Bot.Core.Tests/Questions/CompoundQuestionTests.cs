using Bot.Core.Questions;

namespace Bot.Core.Tests.Questions;

public sealed class CompoundQuestionTests
{
    [Theory]
    [InlineData("Which shuttles were lost in accidents, and when?")]
    [InlineData("What did the DNA show, and why does that matter for the farming theory?")]
    [InlineData("Was Pelosi's nomination contested inside her own party, and what did critics want?")]
    public void A_question_that_asks_a_second_thing_is_compound(string question) => Assert.True(CompoundQuestion.IsCompound(question));

    [Theory]
    [InlineData("when did Russia delist the Taliban?")]
    [InlineData("Who represented Greece and Cyprus at the Cairo meeting?")]
    [InlineData("How did local authorities respond when it came to schools?")]
    [InlineData("and when did they blacklist them?")]
    public void A_question_that_asks_one_thing_is_not(string question) => Assert.False(CompoundQuestion.IsCompound(question));
}
