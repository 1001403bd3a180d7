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
}
