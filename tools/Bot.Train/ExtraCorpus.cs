using Bot.Core.Evaluation;

namespace Bot.Train;

/// <summary>
/// A second evaluation set the models also learn from (news-dev: chat-style questions about wire news), all of its
/// articles or one half of them so the other half can be measured out of fold. Its off-topic questions without an
/// article (general knowledge) are split between the halves by their order in the file, for the same reason.
/// </summary>
/// <param name="Half">all, tuning (even positions in path order, as <see cref="EvalSplit"/>) or untouched.</param>
/// <param name="Weight">How many times each of its abstainer rows counts (it has a few dozen questions against SQuAD's thousands).</param>
/// <param name="RankerWeight">How many times each of its questions counts in the rankers' fit (<c>ranker</c>, and the rankers the
/// abstainer's whole-chain check refits).</param>
internal sealed record ExtraCorpus(string DocsPath, string QuestionsPath, string Half, int Weight = 1, int RankerWeight = 1)
{
    public static readonly IReadOnlyList<string> Halves = ["all", "tuning", "untouched"];

    /// <summary>The articles of the chosen half and the questions about them (plus that half's general off-topic questions).</summary>
    public async Task<(List<string> Articles, List<EvalQuestion> Questions)> LoadAsync(CancellationToken ct)
    {
        var all = await EvalQuestionLoader.LoadAsync(QuestionsPath, ct);
        var docs = Directory.GetFiles(DocsPath).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var tuning = EvalSplit.TuningDocs(docs);
        var articles = Half switch
        {
            "tuning" => tuning.ToList(),
            "untouched" => docs.Except(tuning).ToList(),
            _ => docs,
        };
        int general = 0;
        var questions = new List<EvalQuestion>();
        foreach (var q in all)
        {
            if (q.Doc.Length > 0) { if (articles.Contains(q.Doc)) questions.Add(q); continue; }
            bool even = general++ % 2 == 0;
            if (Half switch { "tuning" => even, "untouched" => !even, _ => true }) questions.Add(q);
        }
        Console.WriteLine($"also {Half} of {DocsPath}: {string.Join(", ", articles)}; {questions.Count} questions");
        return (articles, questions);
    }
}
