namespace Bot.Core.Tests.Evaluation;

/// <summary>
/// The news question sets are data the models learn from (news-train) or are judged on (news-dev); a typo in an
/// expected substring silently turns a right answer into a miss. These checks read every `questions*.jsonl` of a set
/// with the loader `bot eval` uses and hold each answerable question to the format its README promises: an expected
/// string is an exact (case-sensitive) substring of one sentence of its doc, as the project's sentence splitter cuts
/// it, and 4–15 words long. news-train must also stay apart from news-dev, so the dev figures remain out of sample.
/// </summary>
public sealed class NewsTrainSetTests
{
    [Theory]
    [InlineData("news-train")]
    [InlineData("news-dev")]
    public async Task Every_expected_string_is_an_exact_substring_of_one_sentence_of_its_doc(string set)
    {
        var problems = await NewsSets.FormatProblemsAsync(set);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("news-train")]
    [InlineData("news-dev")]
    public async Task Every_doc_has_answerable_questions(string set)
    {
        var unasked = await NewsSets.UnaskedDocsAsync(set);
        Assert.True(unasked.Count == 0, "docs without answerable questions: " + string.Join(", ", unasked));
    }

    [Theory]
    [InlineData("news-train")]
    [InlineData("news-dev")]
    public async Task No_question_is_asked_twice(string set)
    {
        var repeated = await NewsSets.RepeatedQuestionsAsync(set);
        Assert.True(repeated.Count == 0, "asked more than once: " + string.Join(" | ", repeated));
    }

    [Fact]
    public async Task News_train_shares_no_article_or_question_with_news_dev()
    {
        var shared = await NewsSets.SharedAsync("news-train", "news-dev");
        Assert.True(shared.Count == 0, "shared with news-dev: " + string.Join(" | ", shared));
    }
}
