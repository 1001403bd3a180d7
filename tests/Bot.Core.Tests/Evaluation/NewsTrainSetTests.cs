using Bot.Core.Evaluation;
using Bot.Core.Text;
using Bot.Testing;

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
    private static readonly HashSet<string> Kinds = new(StringComparer.Ordinal) { "lexical", "paraphrase", "coreference", "number", "yesno", "multi", "offtopic" };

    private static string SetFolder(string set) => Path.Combine(RepoPaths.Root, "tests", "data", set);

    private static async Task<List<(string File, EvalQuestion Question)>> LoadSetAsync(string set)
    {
        var files = Directory.GetFiles(SetFolder(set), "questions*.jsonl").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        var all = new List<(string, EvalQuestion)>();
        foreach (var file in files)
            all.AddRange((await EvalQuestionLoader.LoadAsync(file, CancellationToken.None)).Select(q => (Path.GetFileName(file), q)));
        return all;
    }

    private static List<string> Sentences(string text) => SentenceSplitter.Split(text, 0, text.Length).Select(s => text[s.Start..s.End]).ToList();

    [Theory]
    [InlineData("news-train")]
    [InlineData("news-dev")]
    public async Task Every_expected_string_is_an_exact_substring_of_one_sentence_of_its_doc(string set)
    {
        var docs = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (file, q) in await LoadSetAsync(set))
        {
            var where = $"{file}:{q.Id} \"{q.Question}\"";
            if (q.Kind is null || !Kinds.Contains(q.Kind)) problems.Add($"{where}: kind '{q.Kind}' is not one of {string.Join(", ", Kinds)}");
            if (q.Answerable == (q.Kind == "offtopic")) problems.Add($"{where}: only off-topic questions are unanswerable");
            if (q.Doc.Length == 0)
            {
                if (q.Answerable) problems.Add($"{where}: an answerable question names no doc");
                continue;
            }
            var path = Path.Combine(SetFolder(set), "docs", q.Doc);
            if (!File.Exists(path))
            {
                problems.Add($"{where}: doc '{q.Doc}' does not exist");
                continue;
            }
            if (!docs.TryGetValue(q.Doc, out var sentences)) docs[q.Doc] = sentences = Sentences(await File.ReadAllTextAsync(path));
            foreach (var expect in q.Answers)
            {
                int words = expect.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
                if (words is < 4 or > 15) problems.Add($"{where}: '{expect}' has {words} words, not 4-15");
                if (!sentences.Any(s => s.Contains(expect, StringComparison.Ordinal))) problems.Add($"{where}: '{expect}' is not inside one sentence of {q.Doc}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("news-train")]
    [InlineData("news-dev")]
    public async Task Every_doc_has_answerable_questions(string set)
    {
        var asked = (await LoadSetAsync(set)).Where(x => x.Question.Answerable).Select(x => x.Question.Doc).ToHashSet(StringComparer.Ordinal);
        var unasked = Directory.GetFiles(Path.Combine(SetFolder(set), "docs"), "*.txt").Select(Path.GetFileName).Where(d => !asked.Contains(d!)).ToList();
        Assert.True(unasked.Count == 0, "docs without answerable questions: " + string.Join(", ", unasked));
    }

    [Theory]
    [InlineData("news-train")]
    [InlineData("news-dev")]
    public async Task No_question_is_asked_twice(string set)
    {
        var repeated = (await LoadSetAsync(set)).GroupBy(x => x.Question.Question, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(repeated.Count == 0, "asked more than once: " + string.Join(" | ", repeated));
    }

    [Fact]
    public async Task News_train_shares_no_article_or_question_with_news_dev()
    {
        static HashSet<string> Titles(string set) => Directory.GetFiles(Path.Combine(SetFolder(set), "docs"), "*.txt")
            .Select(f => File.ReadLines(f).First().Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var devQuestions = (await LoadSetAsync("news-dev")).Select(x => x.Question.Question).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Empty(Titles("news-train").Intersect(Titles("news-dev")));
        Assert.Empty(Directory.GetFiles(Path.Combine(SetFolder("news-train"), "docs")).Select(Path.GetFileName)
            .Intersect(Directory.GetFiles(Path.Combine(SetFolder("news-dev"), "docs")).Select(Path.GetFileName)));
        Assert.DoesNotContain((await LoadSetAsync("news-train")).Select(x => x.Question.Question), devQuestions.Contains);
    }
}
