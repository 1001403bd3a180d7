using Bot.Core.Questions;

namespace Bot.Core.Tests.Questions;

public sealed class YesNoQuestionTests
{
    [Theory]
    [InlineData("Did the Senate find that ABS-CBN broke the law?", true)]
    [InlineData("Was anybody killed on the ground?", true)]
    [InlineData("Has a Thai royal ever run for elected office before?", true)]
    [InlineData("When did the network go off the air?", false)]
    [InlineData("Who stabbed the inmate?", false)]
    public void A_question_that_opens_with_an_auxiliary_asks_yes_or_no(string question, bool yesNo) =>
        Assert.Equal(yesNo, YesNoQuestion.IsYesNo(question));

    [Theory]
    [InlineData("Has a royal ever run for office before?", true)]
    [InlineData("Did the Senate find that the network broke the law?", false)]
    public void A_question_about_whether_something_ever_happened_is_told_apart(string question, bool ever) =>
        Assert.Equal(ever, YesNoQuestion.AsksEver(question));
}
