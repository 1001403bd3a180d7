using Bot.Core.Evaluation;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Bot.Core.Tests.Evaluation;

/// <summary>
/// A quality guard, not a timing test: `bot eval` on news-dev (8 Wikinews articles, 120 answerable chat-style questions
/// tagged by kind, 16 off-topic) with the CLI's default (the packaged embedding model) must keep its first-quote figure
/// within 3 points of the figure reached when the floor was set, stay ahead of plain BM25 on every kind and at 0.70 or
/// more on each, refuse few of the answerable questions, and keep abstaining on off-topic questions. The
/// default's abstainer learns squad-dev's tuning half and news-train, never news-dev, and holds a best sentence from a
/// news document to the trees file's news threshold (genre-aware; docs/eval.md, "Shipping the genre-aware abstainer"), so
/// these are held-out figures. The floor catches a regression; off-topic abstention (issue 14 asks 0.90) is guarded at
/// its reached figure less one question.
/// </summary>
[Integration(TestCategory.Model, TestCategory.Corpus)]
public sealed class NewsQualityFloorTests(ITestOutputHelper output)
{
    // Reached when the floor was set (docs/eval.md, "Shipping the genre-aware abstainer"; held out; unchanged at stop 22).
    private const double ReachedQuoteAt1 = 0.858;
    private const double ReachedOffTopicAbstained = 0.875;

    // Reached 0.075 (9 of 120) held out, plus one question: issue 14 asks 0.05, which the shipped default misses.
    private const double MaxAnswerableRefused = 0.084;

    // The bound (issue 14), held out.
    private const double MinKindQuoteAt1 = 0.70;

    private static string NewsDocs => Path.Combine(RepoPaths.Root, "tests", "data", "news-dev", "docs");

    private static string NewsQuestions => Path.Combine(RepoPaths.Root, "tests", "data", "news-dev", "questions.jsonl");

    [Fact]
    public async Task First_quote_on_news_dev_stays_within_3_points_of_the_reached_figure_ahead_of_bm25_and_refuses_few_answerable_questions()
    {
        var settings = new Dictionary<string, string?> { ["Bot:Embeddings:Provider"] = "onnx", ["Bot:Embeddings:ModelName"] = "all-MiniLM-L6-v2" };
        var runner = new EvalRunner(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), NullLoggerFactory.Instance);
        var report = await runner.RunAsync(new EvalSettings(NewsDocs, NewsQuestions, Baseline: true, OutOfCorpus: false), null, CancellationToken.None);

        var ours = report.Rows.Single(r => r.System == "bot" && r.Subset == "all");
        var offTopic = report.Rows.Single(r => r.System == "bot" && r.Subset == EvalRunner.KindSubset("offtopic"));
        foreach (var row in report.Rows.Where(r => r.Subset.StartsWith("kind:", StringComparison.Ordinal)))
            output.WriteLine($"{row.System} {row.Subset}: quote@1 {row.QuoteAt1:F3}, abstained {row.AbstainedUnanswerable:F3} / {row.AbstainedAnswerable:F3}");
        Assert.Equal((136, 120), (ours.Questions, ours.Answerable));
        Assert.True(ours.QuoteAt1 >= ReachedQuoteAt1 - 0.03, $"quote@1 {ours.QuoteAt1:F3} fell more than 3 points below {ReachedQuoteAt1:F3}");
        Assert.True(offTopic.AbstainedUnanswerable >= ReachedOffTopicAbstained - 0.07,
            $"off-topic abstention {offTopic.AbstainedUnanswerable:F3} fell more than one question below {ReachedOffTopicAbstained:F3}");
        Assert.True(ours.AbstainedAnswerable <= MaxAnswerableRefused, $"{ours.AbstainedAnswerable:F3} of answerable questions refused, more than {MaxAnswerableRefused:F2}");
        foreach (var kind in new[] { "lexical", "paraphrase", "coreference", "number", "yesno", "multi" })
        {
            var bot = report.Rows.Single(r => r.System == "bot" && r.Subset == EvalRunner.KindSubset(kind));
            var bm25 = report.Rows.Single(r => r.System == "bm25" && r.Subset == EvalRunner.KindSubset(kind));
            Assert.True(bot.QuoteAt1 >= bm25.QuoteAt1, $"{kind}: quote@1 {bot.QuoteAt1:F3} is behind plain BM25 {bm25.QuoteAt1:F3}");
            Assert.True(bot.QuoteAt1 >= MinKindQuoteAt1, $"{kind}: quote@1 {bot.QuoteAt1:F3} is below {MinKindQuoteAt1:F2}");
        }
    }
}
