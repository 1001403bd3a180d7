using Bot.Core.Answering;
using Bot.Core.Answering.Pipeline;
using Bot.Core.Configuration;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Answering.Pipeline;

public sealed class QuestionValidatorTests
{
    private static QuestionValidator Validator(int maxLength = 20) => new(Options.Create(new BotOptions { MaxQuestionLength = maxLength }));

    [Fact]
    public void A_question_is_returned_trimmed()
    {
        Assert.Equal("who ruled?", Validator().Validate("  who ruled?\n"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \t ")]
    public void An_empty_question_is_refused_with_a_message_for_the_user(string? question)
    {
        var e = Assert.Throws<InvalidQuestionException>(() => Validator().Validate(question));
        Assert.Equal("The question is empty: type what you want to know.", e.Message);
    }

    [Fact]
    public void A_question_over_Bot_MaxQuestionLength_is_refused_naming_the_limit()
    {
        var e = Assert.Throws<InvalidQuestionException>(() => Validator(maxLength: 5).Validate("who ruled?"));
        Assert.Contains("the limit is 5 (Bot:MaxQuestionLength)", e.Message);
    }

    [Fact]
    public void Control_characters_other_than_line_breaks_and_tabs_are_refused()
    {
        Assert.Throws<InvalidQuestionException>(() => Validator().Validate("who\u0007 ruled?"));
        Assert.Equal("who\truled\nthen?", Validator().Validate("who\truled\nthen?"));
    }
}
