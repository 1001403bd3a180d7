using Bot.Core.Evaluation;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Bot.Core.Tests.Evaluation;

/// <summary>
/// A quality guard, not a timing test: `bot eval` on a fixed subset of squad-dev (600 questions spread evenly over the
/// file, all 8 articles indexed) must keep quote@1 within 3 points of the figure reached when the floor was set, both
/// with the packaged embedding model (the CLI's default) and lexical only (Bot:Embeddings:Provider=none).
/// </summary>
[Integration(TestCategory.Model, TestCategory.Corpus)]
public sealed class QualityFloorTests(ITestOutputHelper output)
{
    // quote@1 on this subset when the floor was set (docs/eval.md).
    private const double ReachedWithPackagedModel = 0.835; // the genre-aware abstainer (n14ship); 0.838 before
    private const double ReachedLexical = 0.781;

    public static TheoryData<string> Modes => ["packaged-model", "lexical"];

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Quote_at_1_on_the_fixed_squad_dev_subset_stays_within_3_points_of_the_reached_figure(string mode)
    {
        var settings = mode == "lexical"
            ? []
            : new Dictionary<string, string?> { ["Bot:Embeddings:Provider"] = "onnx", ["Bot:Embeddings:ModelName"] = "all-MiniLM-L6-v2" };
        var reached = mode == "lexical" ? ReachedLexical : ReachedWithPackagedModel;
        var runner = new EvalRunner(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), NullLoggerFactory.Instance);
        var report = await runner.RunAsync(
            new EvalSettings(RepoPaths.SquadDocs, RepoPaths.SquadQuestions, Limit: 600, Baseline: true, OutOfCorpus: false), null, CancellationToken.None);

        var ours = report.Rows.Single(r => r.System == "bot" && r.Subset == "all");
        var bm25 = report.Rows.Single(r => r.System == "bm25" && r.Subset == "all");
        output.WriteLine($"{mode}: quote@1 {ours.QuoteAt1:F3} (floor set at {reached:F3}), bm25 {bm25.QuoteAt1:F3}, first quote {ours.MeanFirstQuoteChars / report.CorpusMeanSentenceChars:F2}x");
        Assert.Equal(600, ours.Questions);
        Assert.True(ours.QuoteAt1 >= reached - 0.03, $"{mode}: quote@1 {ours.QuoteAt1:F3} fell more than 3 points below {reached:F3}");
        Assert.True(ours.QuoteAt1 > bm25.QuoteAt1, $"{mode}: quote@1 {ours.QuoteAt1:F3} is not ahead of plain BM25 {bm25.QuoteAt1:F3}");
        // 1.35: quotes read in context (an antecedent sentence, a compound question's second sentence) put the packaged
        // model's first quotes at 1.30× since stop 13; the guard is against quoting whole passages, not one more clause.
        Assert.True(ours.MeanFirstQuoteChars <= 1.35 * report.CorpusMeanSentenceChars,
            $"{mode}: first quotes average {ours.MeanFirstQuoteChars:F0} chars, over 1.35 × the mean sentence ({report.CorpusMeanSentenceChars:F0})");
    }
}
