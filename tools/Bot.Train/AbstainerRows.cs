using Bot.Core.Answering.Ranking;
using Bot.Core.Evaluation;

namespace Bot.Train;

/// <summary>
/// The abstainer's training rows: index part of the tuning articles, ask the held-out articles' questions (out of
/// corpus, negatives) and the indexed articles' answerable ones (positives), one leave-one-article-out run per article
/// (runs 0..3, which alone set the figures and the threshold), plus the optional extra runs of <see cref="AbstainerSettings"/>.
/// </summary>
internal sealed class AbstainerRows
{
    public List<double[]> Rows { get; } = [];
    public List<bool> Labels { get; } = [];
    /// <summary>The cross-check's half of each row (its run's parity).</summary>
    public List<int> Fold { get; } = [];
    public List<int> Run { get; } = [];
    public List<string> Doc { get; } = [];
    public List<string> Described { get; } = [];

    /// <summary>Each row's question.</summary>
    public List<EvalQuestion> Questions { get; } = [];

    /// <summary>Each row's candidate set, when kept (to re-score every row with another ranker); copies share one.</summary>
    public List<CandidateSet> Sets { get; } = [];

    /// <summary>The held-out article sets, by run id.</summary>
    public List<int[]> HeldOut { get; } = [];

    public int Count => Rows.Count;

    /// <summary>Run ids of the second set's leave-one-article-out runs start here.</summary>
    public const int ExtraRunBase = 1000;

    /// <summary>Whether row <paramref name="i"/> comes from a leave-one-article-out run (the runs that set the figures and the threshold).</summary>
    public bool IsFigureRun(int i, int tuningCount) => Run[i] < tuningCount || Run[i] >= ExtraRunBase;

    /// <summary>
    /// The rows whose question <paramref name="drop"/> does not hold, in order (the same arrays, runs and held-out sets):
    /// what building the rows without those questions would give, since each question's row depends only on its run's index.
    /// </summary>
    public AbstainerRows Without(Func<EvalQuestion, bool> drop)
    {
        var kept = new AbstainerRows();
        kept.HeldOut.AddRange(HeldOut);
        for (int i = 0; i < Count; i++)
        {
            if (drop(Questions[i])) continue;
            kept.Rows.Add(Rows[i]); kept.Labels.Add(Labels[i]); kept.Fold.Add(Fold[i]); kept.Run.Add(Run[i]);
            kept.Doc.Add(Doc[i]); kept.Described.Add(Described[i]); kept.Questions.Add(Questions[i]);
            if (Sets.Count > 0) kept.Sets.Add(Sets[i]);
        }
        return kept;
    }

    /// <param name="keepSets">Keep each row's candidate set (<see cref="Sets"/>).</param>
    /// <param name="row">A question's abstainer features and best sentence, from its candidates and article.</param>
    public static async Task<AbstainerRows> BuildAsync(TrainingInput input, IReadOnlyList<string> tuning, IReadOnlyList<EvalQuestion> questions, bool rerank,
        IRankingModels models, AbstainerSettings settings, Func<CandidateSet, string, (double[] Row, string Top)> row, CancellationToken ct,
        (IReadOnlyList<string> Articles, IReadOnlyList<EvalQuestion> Questions, int Weight)? extra = null, bool keepSets = false)
    {
        var result = new AbstainerRows();
        // A row counted several times (the second set's weight) is computed once; the copies are separate arrays because
        // the fitter finds rows by reference.
        void AddCopies(EvalQuestion q, CandidateSet set, bool answerable, int runId, int copies)
        {
            var (features, top) = row(set, q.Doc);
            for (int c = 0; c < copies; c++)
            {
                result.Rows.Add(c == 0 ? features : (double[])features.Clone()); result.Labels.Add(answerable); result.Fold.Add(runId % 2); result.Run.Add(runId);
                result.Doc.Add(q.Doc); result.Described.Add($"{q.Question} => {top}"); result.Questions.Add(q);
                if (keepSets) result.Sets.Add(set);
            }
        }
        void Add(EvalQuestion q, CandidateSet set, bool answerable, int runId) => AddCopies(q, set, answerable, runId, 1);
        // Leave one tuning article out of the index: its questions are out of corpus (negatives), the other three articles'
        // answerable questions are positives; a three-article index is close to the half-corpus check (four articles).
        // Pairs: leave-two-articles-out runs (two articles indexed, the other two's questions out of corpus).
        result.HeldOut.AddRange(Enumerable.Range(0, tuning.Count).Select(h => new[] { h }));
        if (settings.Pairs)
            for (int a = 0; a < tuning.Count; a++) for (int b = a + 1; b < tuning.Count; b++) result.HeldOut.Add([a, b]);
        for (int h = 0; h < result.HeldOut.Count; h++)
        {
            var indexed = tuning.Where((_, i) => !result.HeldOut[h].Contains(i)).ToList();
            await using var corpus = await TrainingCorpus.BuildAsync(input, indexed, rerank, models, ct);
            foreach (var (q, set) in await corpus.GatherAsync(questions.Where(q => indexed.Contains(q.Doc) && q.Answerable), ct)) Add(q, set, true, h);
            foreach (var (q, set) in await corpus.GatherAsync(questions.Where(q => !indexed.Contains(q.Doc)), ct)) Add(q, set, false, h);
            // SQuAD 2.0's unanswerable questions about the indexed articles (written to look answerable from them) as
            // further negatives, in runs of their own so the figures and the threshold still come from runs 0-3.
            if (settings.Unanswerable)
                foreach (var (q, set) in await corpus.GatherAsync(questions.Where(q => indexed.Contains(q.Doc) && !q.Answerable), ct)) Add(q, set, false, 100 + h);
        }
        if (settings.Holes) await AddHolesAsync(input, tuning, questions, rerank, models, Add, result.HeldOut.Count, ct);
        if (extra is { } x)
            await AddExtraAsync(input, x.Articles, x.Questions, rerank, models, (q, set, answerable, run) => AddCopies(q, set, answerable, run, x.Weight), ct);
        return result;
    }

    /// <summary>
    /// The second set's runs (ids from <see cref="ExtraRunBase"/>), on indexes of its own articles: each article held out
    /// in turn, the other articles' answerable questions are positives; the negatives are the held-out article's
    /// questions (out of corpus), the off-topic questions without an article, and the near misses — questions about an
    /// indexed article that it does not answer (in corpus, same names and topic: the case SQuAD's runs never show).
    /// </summary>
    private static async Task AddExtraAsync(TrainingInput input, IReadOnlyList<string> articles, IReadOnlyList<EvalQuestion> questions, bool rerank,
        IRankingModels models, Action<EvalQuestion, CandidateSet, bool, int> add, CancellationToken ct)
    {
        for (int h = 0; h < articles.Count; h++)
        {
            var indexed = articles.Where((_, i) => i != h).ToList();
            await using var corpus = await TrainingCorpus.BuildAsync(input, indexed, rerank, models, ct);
            int run = ExtraRunBase + h, positives = 0, negatives = 0;
            foreach (var (q, set) in await corpus.GatherAsync(questions.Where(q => indexed.Contains(q.Doc) && q.Answerable), ct)) { add(q, set, true, run); positives++; }
            foreach (var (q, set) in await corpus.GatherAsync(questions.Where(q => !indexed.Contains(q.Doc) || !q.Answerable), ct)) { add(q, set, false, run); negatives++; }
            Console.WriteLine($"  without {articles[h]}: {positives} answerable, {negatives} not answered by the index");
        }
    }

    /// <summary>
    /// Runs where one tuning article loses every other paragraph (odd ones, then even ones) and the other three stay whole.
    /// The questions about the removed paragraphs are out of corpus although their article's topic, names and wording are
    /// all indexed (the hard case: a question about a neighbouring topic of an indexed article); an answerable one is left
    /// out when a candidate still holds a gold answer (SQuAD facts recur in other paragraphs). The article's questions
    /// about the kept paragraphs are its positives. These rows only ever train.
    /// </summary>
    private static async Task AddHolesAsync(TrainingInput input, IReadOnlyList<string> tuning, IReadOnlyList<EvalQuestion> questions, bool rerank, IRankingModels models,
        Action<EvalQuestion, CandidateSet, bool, int> add, int firstRun, CancellationToken ct)
    {
        int holeRun = firstRun;
        foreach (var article in tuning)
        {
            var lines = (await File.ReadAllLinesAsync(Path.Combine(input.DocsPath, article), ct)).Where(l => l.Trim().Length > 0).ToList();
            for (int parity = 0; parity < 2; parity++, holeRun++)
            {
                // Line 0 is the title; paragraph k (1-based, as EvalQuestion.Paragraph counts) is line k.
                int removedParity = parity;
                bool Removed(int paragraph) => paragraph % 2 == removedParity;
                var kept = lines.Where((_, k) => k == 0 || !Removed(k));
                var texts = new Dictionary<string, string> { [article] = string.Join("\n\n", kept) + "\n" };
                await using var corpus = await TrainingCorpus.BuildAsync(input, tuning, rerank, models, ct, texts);
                var asked = questions.Where(q => q.Doc == article && (Removed(q.Paragraph) || q.Answerable));
                int negatives = 0, skipped = 0, positives = 0;
                foreach (var (q, set) in await corpus.GatherAsync(asked, ct))
                {
                    bool outOfCorpus = Removed(q.Paragraph);
                    if (outOfCorpus && q.Answerable && set.Sentences.Any(s => GoldAnswers.ContainsAny(s.Text, q.Answers))) { skipped++; continue; }
                    if (outOfCorpus) negatives++; else positives++;
                    add(q, set, !outOfCorpus, holeRun);
                }
                Console.WriteLine($"  {article} without its {(parity == 0 ? "even" : "odd")} paragraphs: {negatives} out of corpus, {positives} answerable, {skipped} left out (a candidate holds the answer)");
            }
        }
    }
}
