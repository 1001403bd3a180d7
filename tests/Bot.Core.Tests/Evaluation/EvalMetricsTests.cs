using Bot.Core.Evaluation;

namespace Bot.Core.Tests.Evaluation;

public sealed class EvalMetricsTests
{
    private static EvalQuestion Q(bool answerable, params string[] answers) => new("id", "q?", "a.txt", 1, answers, answerable);

    [Fact]
    public void Metrics_count_quotes_ranks_and_abstentions_over_the_right_questions()
    {
        var outcomes = new List<QuestionOutcome>
        {
            new(Q(true, "1973"), true, "In October 1973 …", 1, 10),   // right, rank 1
            new(Q(true, "Paris"), true, "In London.", 3, 20),           // wrong quote, gold passage at rank 3
            new(Q(true, "Rome"), false, null, 0, 30),                   // wrongly abstained
            new(Q(false), false, null, 0, 40),                          // rightly abstained
            new(Q(false), true, "Something.", 0, 50),                   // answered an unanswerable one
        };
        var m = EvalMetrics.From("bot", "all", outcomes);
        Assert.Equal(5, m.Questions);
        Assert.Equal(3, m.Answerable);
        Assert.Equal(0.333, m.QuoteAt1);
        Assert.Equal(0.667, m.RecallAt5);
        Assert.Equal(Math.Round((1 + 1.0 / 3) / 3, 3), m.MrrAt10);
        Assert.Equal(0.5, m.AbstainedUnanswerable);
        Assert.Equal(0.333, m.AbstainedAnswerable);
        Assert.Equal(30, m.LatencyP50Ms);
        Assert.Equal(50, m.LatencyP95Ms);
        Assert.Equal(("In October 1973 …".Length + "In London.".Length) / 2.0, m.MeanFirstQuoteChars);
    }

    [Fact]
    public void Limit_samples_evenly_across_the_file()
    {
        var questions = Enumerable.Range(0, 100).Select(i => new EvalQuestion(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "q", i < 50 ? "a.txt" : "b.txt", 1, ["x"], true)).ToList();
        var sample = EvalRunner.Sample(questions, 10);
        Assert.Equal(10, sample.Count);
        Assert.Equal(5, sample.Count(q => q.Doc == "a.txt"));
        Assert.Same(questions, EvalRunner.Sample(questions, 0));
    }

    [Fact]
    public void The_tuning_half_is_every_other_article_in_path_order()
    {
        Assert.Equal(["a.txt", "c.txt"], EvalSplit.TuningDocs(["d.txt", "b.txt", "c.txt", "a.txt"]));
    }
}
