using Bot.Core.Documents;

namespace Bot.Core.Tests.Documents;

public class TitleDeriverTests
{
    [Theory]
    [InlineData("In a historic move, Russia recognises Taliban rule in Afghanistan, becoming the first country to do so.", "Russia recognises Taliban rule in Afghanistan")]
    [InlineData("On Thursday, Moscow officially accepted the credentials of a new Afghan ambassador.", "Moscow officially accepted the credentials of a new Afghan ambassador")]
    [InlineData("The Normans were the people who in the 10th and 11th centuries gave their name to Normandy.", "The Normans were the people who in the 10th and 11th centuries gave their name…")]
    [InlineData("Amir Khan Muttaqi, the foreign minister, praised the step.", "Amir Khan Muttaqi, the foreign minister, praised the step")]
    [InlineData("Short title.", "Short title")]
    public void Headline_drops_a_lead_in_and_cuts_at_the_first_clause(string sentence, string expected)
        => Assert.Equal(expected, TitleDeriver.Headline(sentence));

    [Fact]
    public void A_lead_in_is_kept_when_too_little_would_remain()
        => Assert.Equal("In short, it works", TitleDeriver.Headline("In short, it works."));
}
