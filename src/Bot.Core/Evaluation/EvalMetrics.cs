namespace Bot.Core.Evaluation;

/// <summary>The figures of one system on one set of questions.</summary>
/// <param name="System">"bot" or "bm25".</param>
/// <param name="Subset">"all", "tuning", "untouched", or "kind:NAME" for one kind of question of a file that tags them.</param>
/// <param name="Questions">Questions asked.</param>
/// <param name="Answerable">Answerable questions among them.</param>
/// <param name="QuoteAt1">Share of answerable questions whose first quote contains a gold answer.</param>
/// <param name="MeanFirstQuoteChars">Mean length of first quotes (answered answerable questions).</param>
/// <param name="RecallAt5">Share of answerable questions with a gold-document passage holding a gold answer in the top 5.</param>
/// <param name="MrrAt10">Mean reciprocal rank of that passage (0 beyond 10).</param>
/// <param name="AbstainedUnanswerable">Share of unanswerable questions answered "not found".</param>
/// <param name="AbstainedAnswerable">Share of answerable questions wrongly answered "not found".</param>
/// <param name="LatencyP50Ms">Median time to answer.</param>
/// <param name="LatencyP95Ms">95th percentile time to answer.</param>
public sealed record EvalMetrics(
    string System, string Subset, int Questions, int Answerable, double QuoteAt1, double MeanFirstQuoteChars, double RecallAt5,
    double MrrAt10, double AbstainedUnanswerable, double AbstainedAnswerable, double LatencyP50Ms, double LatencyP95Ms)
{
    public static EvalMetrics From(string system, string subset, IReadOnlyList<QuestionOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var answerable = outcomes.Where(o => o.Question.Answerable).ToList();
        var unanswerable = outcomes.Where(o => !o.Question.Answerable).ToList();
        var quoted = answerable.Where(o => o.Answered && o.FirstQuote is not null).ToList();
        var times = outcomes.Select(o => o.Milliseconds).Order().ToList();
        return new EvalMetrics(system, subset, outcomes.Count, answerable.Count,
            Share(answerable, o => o.QuoteCorrect),
            quoted.Count == 0 ? 0 : Math.Round(quoted.Average(o => o.FirstQuote!.Length), 1),
            Share(answerable, o => o.GoldRank is >= 1 and <= 5),
            answerable.Count == 0 ? 0 : Math.Round(answerable.Average(o => o.GoldRank is >= 1 and <= 10 ? 1.0 / o.GoldRank : 0), 3),
            Share(unanswerable, o => !o.Answered),
            Share(answerable, o => !o.Answered),
            Percentile(times, 0.50), Percentile(times, 0.95));
    }

    private static double Share(List<QuestionOutcome> items, Func<QuestionOutcome, bool> predicate) =>
        items.Count == 0 ? 0 : Math.Round((double)items.Count(predicate) / items.Count, 3);

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)], 1);
}
