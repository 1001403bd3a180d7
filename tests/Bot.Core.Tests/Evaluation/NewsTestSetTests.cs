namespace Bot.Core.Tests.Evaluation;

/// <summary>
/// news-test is the sealed held-out set the lead reports final figures on; nobody develops on it. These checks only
/// read its files (they never run the bot on it): every expected string is an exact substring of one sentence of its
/// doc and 4–15 words, kinds are valid, every doc is asked about, and it shares no article, title or question with
/// news-dev or news-train, so its figures stay out of sample for both.
/// </summary>
public sealed class NewsTestSetTests
{
    private const string Set = "news-test";

    [Fact]
    public async Task Every_expected_string_is_an_exact_substring_of_one_sentence_of_its_doc()
    {
        var problems = await NewsSets.FormatProblemsAsync(Set);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Every_doc_has_answerable_questions_and_a_near_miss()
    {
        var unasked = await NewsSets.UnaskedDocsAsync(Set);
        Assert.True(unasked.Count == 0, "docs without answerable questions: " + string.Join(", ", unasked));
        var without = await NewsSets.DocsWithoutAsync(Set, q => !q.Answerable && q.Doc.Length > 0);
        Assert.True(without.Count == 0, "docs without a near miss: " + string.Join(", ", without));
    }

    [Fact]
    public async Task No_question_is_asked_twice()
    {
        var repeated = await NewsSets.RepeatedQuestionsAsync(Set);
        Assert.True(repeated.Count == 0, "asked more than once: " + string.Join(" | ", repeated));
    }

    [Theory]
    [InlineData("news-dev")]
    [InlineData("news-train")]
    public async Task Shares_no_article_title_or_question_with_the_sets_developed_on(string other)
    {
        var shared = await NewsSets.SharedAsync(Set, other);
        Assert.True(shared.Count == 0, $"shared with {other}: " + string.Join(" | ", shared));
    }
}
