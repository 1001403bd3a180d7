using Bot.Core.Evaluation;

namespace Bot.Train;

/// <summary>
/// A second evaluation set the models also learn from (news-dev: chat-style questions about wire news), all of its
/// articles or one half of them so the other half can be measured out of fold. Its off-topic questions without an
/// article (general knowledge) are split between the halves by their order in the file, for the same reason.
/// </summary>
/// <param name="QuestionsPaths">Its question files (news-train: questions.jsonl, then questions-2.jsonl to questions-4.jsonl), read in this order as one list;
/// with more than one, each question's id is prefixed with its file's name (<see cref="IdOf"/>) so ids stay unique.</param>
/// <param name="Half">all, tuning (even positions in path order, as <see cref="EvalSplit"/>) or untouched.</param>
/// <param name="Weight">How many times each of its abstainer rows counts (it has a few dozen questions against SQuAD's thousands).</param>
/// <param name="RankerWeight">How many times each of its questions counts in the rankers' fit (<c>ranker</c>, and the rankers the
/// abstainer's whole-chain check refits).</param>
/// <param name="Runs">How many leave-out runs its abstainer rows come from: 0, one per article (each held out in turn); K, its
/// articles held out in K interleaved groups (a large set: fewer, cheaper runs, each question a positive K-1 times).</param>
/// <param name="HoldOut">An article of the chosen half whose fold (<see cref="FoldOf"/>) is left out of every question list, or null.</param>
internal sealed record ExtraCorpus(string DocsPath, IReadOnlyList<string> QuestionsPaths, string Half, int Weight = 1, int RankerWeight = 1, string? HoldOut = null, int Runs = 0)
{
    public static readonly IReadOnlyList<string> Halves = ["all", "tuning", "untouched"];

    /// <summary>The articles of the chosen half and the questions about them (plus that half's general off-topic questions), without the <see cref="HoldOut"/> fold.</summary>
    public async Task<(List<string> Articles, List<EvalQuestion> Questions)> LoadAsync(CancellationToken ct)
    {
        var (articles, questions, _) = await LoadWithFoldsAsync(ct);
        return (articles, questions);
    }

    /// <summary><see cref="LoadAsync"/>, and every question's fold (<see cref="Folds"/>, assigned before the <see cref="HoldOut"/> fold is removed).</summary>
    public async Task<(List<string> Articles, List<EvalQuestion> Questions, Dictionary<EvalQuestion, string> Folds)> LoadWithFoldsAsync(CancellationToken ct)
    {
        var all = new List<EvalQuestion>();
        foreach (var path in QuestionsPaths)
            all.AddRange((await EvalQuestionLoader.LoadAsync(path, ct)).Select(q => q with { Id = IdOf(path, q.Id) }));
        var docs = Directory.GetFiles(DocsPath).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var tuning = EvalSplit.TuningDocs(docs);
        var articles = Half switch
        {
            "tuning" => tuning.ToList(),
            "untouched" => docs.Except(tuning).ToList(),
            _ => docs,
        };
        if (HoldOut is not null && !articles.Contains(HoldOut))
            throw new ArgumentException($"--also-hold-out {HoldOut}: not one of the learned articles ({string.Join(", ", articles)}).");
        int general = 0;
        var questions = new List<EvalQuestion>();
        foreach (var q in all)
        {
            if (q.Doc.Length > 0) { if (articles.Contains(q.Doc)) questions.Add(q); continue; }
            bool even = general++ % 2 == 0;
            if (Half switch { "tuning" => even, "untouched" => !even, _ => true }) questions.Add(q);
        }
        var folds = Folds(articles, questions);
        int heldOut = questions.RemoveAll(q => HoldOut is not null && folds[q] == HoldOut);
        Console.WriteLine($"also {Half} of {DocsPath} ({string.Join(" + ", QuestionsPaths.Select(Path.GetFileName))}): {string.Join(", ", articles)}; {questions.Count} questions" +
            (HoldOut is null ? "" : $" ({heldOut} of fold {HoldOut} held out)"));
        return (articles, questions, folds);
    }

    /// <summary>A question's id as loaded here: as in its file, or "file.jsonl:id" when several files are read.</summary>
    public string IdOf(string path, string id) => QuestionsPaths.Count > 1 ? $"{Path.GetFileName(path)}:{id}" : id;

    /// <summary>
    /// The leave-one-article-out fold of each question: its article, or for a general question (about no article) the
    /// article at its position among the general questions modulo the article count, so every general question is held
    /// out in exactly one fold (news-dev: one general and one near-miss off-topic question per article).
    /// </summary>
    public static Dictionary<EvalQuestion, string> Folds(IReadOnlyList<string> articles, IEnumerable<EvalQuestion> questions)
    {
        ArgumentOutOfRangeException.ThrowIfZero(articles.Count);
        int general = 0;
        return questions.ToDictionary<EvalQuestion, EvalQuestion, string>(q => q, q => q.Doc.Length > 0 ? q.Doc : articles[general++ % articles.Count], ReferenceEqualityComparer.Instance);
    }
}
