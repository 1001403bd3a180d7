using Bot.Core.Questions;
using Bot.Core.Text;

namespace Bot.Core.Tests.Questions;

public sealed class SequelQuestionTests
{
    [Fact]
    public void A_question_about_what_followed_an_event_gives_the_events_words()
    {
        var stems = SequelQuestion.EventStems("What did the crew do after the engine failure, according to the report?");

        Assert.Equal(new[] { WordTokenizer.StemOf("engine"), WordTokenizer.StemOf("failure") }.Order(), stems.Order());
    }

    [Theory]
    [InlineData("How long after the launch did the satellite fail?")]
    [InlineData("Where did the crew land?")]
    [InlineData("After what did the crew land?")]
    public void A_question_about_no_sequel_gives_none(string question) =>
        Assert.Empty(SequelQuestion.EventStems(question));

    [Theory]
    [InlineData("Then the second engine caught fire.", true)]
    [InlineData("\"Later we found the cause in the fuel line.", true)]
    [InlineData("After that, the pilots turned back.", true)]
    [InlineData("The pilots turned back.", false)]
    [InlineData("After the storm the pilots turned back.", false)]
    public void Whether_a_sentence_opens_with_a_sequence_word(string sentence, bool opens) =>
        Assert.Equal(opens, SequelQuestion.OpensWithSequenceWord(WordTokenizer.Tokenize(sentence)));
}
