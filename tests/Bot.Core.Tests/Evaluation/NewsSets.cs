using Bot.Core.Evaluation;
using Bot.Core.Text;
using Bot.Testing;

namespace Bot.Core.Tests.Evaluation;

/// <summary>
/// Reading and checking the news question sets under tests/data (news-dev, news-train, news-test), shared by the
/// tests that hold each set to the format its README promises: every `questions*.jsonl` is read with the loader
/// `bot eval` uses, and an expected string must be an exact (case-sensitive) substring of one sentence of its doc, as
/// the project's sentence splitter cuts it, and 4–15 words long.
/// </summary>
internal static class NewsSets
{
    private static readonly HashSet<string> Kinds = new(StringComparer.Ordinal) { "lexical", "paraphrase", "coreference", "number", "yesno", "multi", "offtopic" };

    public static string Folder(string set) => Path.Combine(RepoPaths.Root, "tests", "data", set);

    public static async Task<List<(string File, EvalQuestion Question)>> LoadAsync(string set)
    {
        var files = Directory.GetFiles(Folder(set), "questions*.jsonl").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        var all = new List<(string, EvalQuestion)>();
        foreach (var file in files)
            all.AddRange((await EvalQuestionLoader.LoadAsync(file, CancellationToken.None)).Select(q => (Path.GetFileName(file), q)));
        return all;
    }

    /// <summary>What breaks the format: a bad kind, an answerable question without a doc, an expect string that is not
    /// 4–15 words or not inside one sentence of its doc. Empty when the set is well formed.</summary>
    public static async Task<List<string>> FormatProblemsAsync(string set)
    {
        var docs = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (file, q) in await LoadAsync(set))
        {
            var where = $"{file}:{q.Id} \"{q.Question}\"";
            if (q.Kind is null || !Kinds.Contains(q.Kind)) problems.Add($"{where}: kind '{q.Kind}' is not one of {string.Join(", ", Kinds)}");
            if (q.Answerable == (q.Kind == "offtopic")) problems.Add($"{where}: only off-topic questions are unanswerable");
            if (q.Doc.Length == 0)
            {
                if (q.Answerable) problems.Add($"{where}: an answerable question names no doc");
                continue;
            }
            var path = Path.Combine(Folder(set), "docs", q.Doc);
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
        return problems;
    }

    /// <summary>The set's docs that no answerable question asks about.</summary>
    public static Task<List<string>> UnaskedDocsAsync(string set) => DocsWithoutAsync(set, q => q.Answerable);

    /// <summary>The set's docs that no question picked by <paramref name="which"/> names.</summary>
    public static async Task<List<string>> DocsWithoutAsync(string set, Func<EvalQuestion, bool> which)
    {
        var asked = (await LoadAsync(set)).Where(x => which(x.Question)).Select(x => x.Question.Doc).ToHashSet(StringComparer.Ordinal);
        return Directory.GetFiles(Path.Combine(Folder(set), "docs"), "*.txt").Select(f => Path.GetFileName(f)).Where(d => !asked.Contains(d)).ToList();
    }

    /// <summary>Question texts asked more than once in the set (ignoring case).</summary>
    public static async Task<List<string>> RepeatedQuestionsAsync(string set) =>
        (await LoadAsync(set)).GroupBy(x => x.Question.Question, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

    /// <summary>Doc titles (first lines), doc file names and question texts the two sets have in common.</summary>
    public static async Task<List<string>> SharedAsync(string set, string other)
    {
        static HashSet<string> Titles(string s) => Directory.GetFiles(Path.Combine(Folder(s), "docs"), "*.txt")
            .Select(f => File.ReadLines(f).First().Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        static HashSet<string> FileNames(string s) => Directory.GetFiles(Path.Combine(Folder(s), "docs"), "*.txt")
            .Select(f => Path.GetFileName(f)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        async static Task<HashSet<string>> Questions(string s) => (await LoadAsync(s)).Select(x => x.Question.Question).ToHashSet(StringComparer.OrdinalIgnoreCase);

        return Titles(set).Intersect(Titles(other), StringComparer.OrdinalIgnoreCase).Select(t => "title: " + t)
            .Concat(FileNames(set).Intersect(FileNames(other), StringComparer.OrdinalIgnoreCase).Select(f => "doc: " + f))
            .Concat((await Questions(set)).Intersect(await Questions(other), StringComparer.OrdinalIgnoreCase).Select(q => "question: " + q))
            .ToList();
    }

    private static List<string> Sentences(string text) => SentenceSplitter.Split(text, 0, text.Length).Select(s => text[s.Start..s.End]).ToList();
}
