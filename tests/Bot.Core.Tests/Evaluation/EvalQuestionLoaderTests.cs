using Bot.Core.Evaluation;

namespace Bot.Core.Tests.Evaluation;

public sealed class EvalQuestionLoaderTests
{
    [Fact]
    public void A_news_dev_line_reads_its_question_expected_substrings_and_kind()
    {
        var q = EvalQuestionLoader.Parse("""{"q": "Who won?", "expect": ["Caloundra defeated Wynnum", "won 20-10"], "doc": "rugby.txt", "kind": "lexical"}""", 7);
        Assert.Equal("7", q.Id);
        Assert.Equal("Who won?", q.Question);
        Assert.Equal(["Caloundra defeated Wynnum", "won 20-10"], q.Answers);
        Assert.Equal("rugby.txt", q.Doc);
        Assert.True(q.Answerable);
        Assert.Equal("lexical", q.Kind);
    }

    [Fact]
    public void A_news_dev_off_topic_line_is_unanswerable_even_without_a_document()
    {
        var q = EvalQuestionLoader.Parse("""{"q": "What is the capital of Peru?", "abstain": true, "kind": "offtopic", "doc": ""}""", 1);
        Assert.False(q.Answerable);
        Assert.Empty(q.Answers);
        Assert.Equal("", q.Doc);
        Assert.Equal("offtopic", q.Kind);
    }

    [Fact]
    public void A_squad_line_keeps_its_id_paragraph_and_has_no_kind()
    {
        var q = EvalQuestionLoader.Parse("""{"id": "abc", "question": "When?", "doc": "a.txt", "paragraph": 3, "answers": ["1973"], "answerable": true}""", 1);
        Assert.Equal(("abc", 3, true), (q.Id, q.Paragraph, q.Answerable));
        Assert.Null(q.Kind);
    }

    [Theory]
    [InlineData("""{"doc": "a.txt"}""")]
    [InlineData("""{"q": "Who?", "abstain": false, "doc": "a.txt"}""")]
    [InlineData("""["q"]""")]
    [InlineData("""{"q": "Who?", "expect": [""")]
    public async Task A_line_that_is_not_a_question_names_the_file_and_line(string bad)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bot-questions-{Guid.NewGuid():N}.jsonl");
        try
        {
            await File.WriteAllLinesAsync(path, ["""{"q": "Fine?", "expect": ["yes"]}""", bad]);
            var e = await Assert.ThrowsAsync<InvalidDataException>(() => EvalQuestionLoader.LoadAsync(path, CancellationToken.None));
            Assert.StartsWith($"{path}:2:", e.Message, StringComparison.Ordinal);
        }
        finally { File.Delete(path); }
    }
}
