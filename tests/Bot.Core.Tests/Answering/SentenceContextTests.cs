using Bot.Core.Answering;
using Bot.Core.Text;

namespace Bot.Core.Tests.Answering;

public sealed class SentenceContextTests
{
    [Theory]
    [InlineData("He pleaded guilty to eight counts of first-degree murder.")]
    [InlineData("The 67-year-old killer had kept a bracelet of Navaratnam's.")]
    [InlineData("\"This was a very difficult decision, but one that was made with the American public in mind.\"")]
    [InlineData("\"We were able to turn the momentum around after their first two\", he said.")]
    public void A_sentence_that_names_its_subject_only_by_pronoun_role_or_unattributed_quote_leans_on_its_antecedent(string sentence) =>
        Assert.True(SentenceContext.LeansOnAntecedent(sentence, WordTokenizer.Tokenize(sentence)));

    [Theory]
    [InlineData("McArthur pleaded guilty to eight counts of first-degree murder.")]
    [InlineData("\"Yeah it was a good start from us\", Kidston said.")]
    public void A_sentence_that_names_its_subject_does_not(string sentence) =>
        Assert.False(SentenceContext.LeansOnAntecedent(sentence, WordTokenizer.Tokenize(sentence)));

    [Theory]
    [InlineData("The visitors would run away with the result in the end.", true)]
    [InlineData("The 67-year-old killer had kept a bracelet of Navaratnam's.", true)]
    [InlineData("The Speaker of the House is the third-highest ranking person in the government.", true)]
    [InlineData("\"Then we just made a couple of mistakes\", the coach said.", true)]
    [InlineData("He also ran a small landscaping business.", true)]
    [InlineData("The Italian foreign minister, Luigi Di Maio, joined the talks as an observer.", false)]
    [InlineData("The eighth was discovered in a nearby ravine.", true)]
    [InlineData("The EastMed pipeline would connect offshore gas fields with Europe.", false)]
    [InlineData("The embargo caused an oil crisis with many short- and long-term effects.", false)]
    [InlineData("The left side consists mainly of two levels.", false)]
    [InlineData("\"Yeah it was a good start from us\", Kidston said.", false)]
    public void Whether_a_sentence_alone_says_who_it_is_about(string sentence, bool needsAntecedent) =>
        Assert.Equal(needsAntecedent, SentenceContext.NeedsAntecedentToSayWho(sentence, WordTokenizer.Tokenize(sentence)));
}
