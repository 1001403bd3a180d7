using Bot.Core.Questions;

namespace Bot.Core.Tests.Questions;

public sealed class SpeakerQuestionTests
{
    [Theory]
    [InlineData("How did Ostrom describe the new stadium plan?", "ostrom")]
    [InlineData("What does Maria Chen think of the merger?", "maria chen")]
    [InlineData("What went wrong in the second half, according to Ruiz?", "ruiz")]
    [InlineData("What did Okafor say about the harvest?", "okafor")]
    public void A_question_that_asks_for_a_named_persons_words_names_the_speaker(string question, string speaker) =>
        Assert.Equal(speaker, string.Join(" ", SpeakerQuestion.Speaker(question)));

    [Theory]
    [InlineData("What did he say about the harvest?")]
    [InlineData("Where did Ostrom build the stadium?")]
    [InlineData("Who won the election in Ghana?")]
    [InlineData("What did I tell you?")]
    public void A_question_about_no_named_speakers_words_has_none(string question) =>
        Assert.Empty(SpeakerQuestion.Speaker(question));
}
