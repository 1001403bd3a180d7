using Bot.Core.Embeddings;
using Bot.Core.Feedback;
using Bot.Core.Indexing;
using Bot.Core.Tests.Search;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Feedback;

public sealed class FeedbackReporterTests : IDisposable
{
    private static readonly string[] Passports =
        ["How do I renew my passport?", "Where can I get a visa for Peru?", "What does a passport renewal cost?", "Do I need a visa to travel?"];

    private static readonly string[] Weather =
        ["Will it rain tomorrow?", "What is the weather forecast for Sunday?", "How much rain fell last week?"];

    private static readonly string[] Football =
        ["Who won the football match?", "When is the next football game?", "Which team scored first in the match?", "Who is the football coach?"];

    private readonly TempFolder _seeds = new();
    private readonly TempFolder _data = new();

    public FeedbackReporterTests()
    {
        _seeds.File("russia.txt", "Russia recognises Taliban rule\n\nIn April, Russia’s Supreme Court removed the Taliban from its list.\n");
        _seeds.File("tea.txt", "Tea harvest\n\nThe tea harvest began early this year in Assam.\n");
    }

    private ServiceProvider Host(bool keywordModel) => CoreHost.Create(_seeds.Path, _data.Path, new Dictionary<string, string?> { ["Bot:Feedback:Enabled"] = "true" },
        more: keywordModel
            ? s => s.AddSingleton(new EmbeddingSetupProvider(new EmbeddingSetup(
                new KeywordEmbeddingGenerator(["passport", "visa"], ["rain", "weather"], ["football", "match", "team"]),
                EmbeddingProvider.OpenAI, "keywords", "test", 3, new EmbeddingOptions())))
            : null);

    private static async Task LogAsync(IServiceProvider services)
    {
        var store = services.GetRequiredService<IFeedbackStore>();
        var now = DateTimeOffset.UtcNow;
        var i = 0;
        foreach (var q in Passports.Concat(Weather).Concat(Football))
            await store.AddQuestionAsync(new LoggedQuestion(0, now.AddMinutes(-100 + i++), "discord", q, false, null, null, 0, "asker" + (i % 3)), default);
        var answered = await store.AddQuestionAsync(new LoggedQuestion(0, now.AddMinutes(-5), "chat", "when did Russia delist the Taliban?", true, "russia.txt", 2, 0.8, "a"), default);
        await store.RateAsync(new StoredRating(answered, now, FeedbackRating.Bad, true, "wrong court", [new RatedQuote("Russia", "russia.txt", 2, "In April …")], "a"), default);
        await store.RateAsync(new StoredRating(answered, now, FeedbackRating.Good, false, null, [], "b"), default);
    }

    [Fact]
    public async Task Refused_questions_about_three_topics_make_three_named_groups()
    {
        await using var services = Host(keywordModel: true);
        await services.GetRequiredService<IIndexer>().IndexAsync(false, null, default);
        await LogAsync(services);

        var report = await services.GetRequiredService<FeedbackReporter>().BuildAsync(null, default);

        Assert.Equal("keywords", report.GroupedBy);
        Assert.Equal((12, 1, 11), (report.Asked, report.Answered, report.RefusedCount));
        Assert.Equal(3, report.Gaps.Count);
        Assert.Equal([4, 4, 3], report.Gaps.Select(g => g.Count));
        Assert.All(report.Gaps, g => Assert.Equal(3, g.Examples.Count));
        Assert.Contains("football", report.Gaps.Single(g => g.Examples.All(Football.Contains)).Name, StringComparison.Ordinal);
        Assert.Contains("passport", report.Gaps.Single(g => g.Examples.All(Passports.Contains)).Name, StringComparison.Ordinal);
        Assert.Contains("rain", report.Gaps.Single(g => g.Examples.All(Weather.Contains)).Name, StringComparison.Ordinal);
        // Every refused question is listed with its text and its group.
        Assert.Equal(Passports.Concat(Weather).Concat(Football).Order(), report.Refused.Select(r => r.Question).Order());
        Assert.All(report.Refused, r => Assert.InRange(r.Group, 0, 2));
    }

    [Fact]
    public async Task Worst_rated_answers_carry_their_quotes_and_reason_and_unquoted_documents_are_listed()
    {
        await using var services = Host(keywordModel: true);
        await services.GetRequiredService<IIndexer>().IndexAsync(false, null, default);
        await LogAsync(services);

        var report = await services.GetRequiredService<FeedbackReporter>().BuildAsync(DateTimeOffset.UtcNow.AddDays(-7), default);

        var worst = Assert.Single(report.WorstRated);
        Assert.Equal(("when did Russia delist the Taliban?", -1, "wrong court"), (worst.Question, worst.Score, worst.Reason));
        Assert.Equal("In April …", Assert.Single(worst.Quotes).Text);
        Assert.Equal([true, false], worst.Ratings.Select(r => r.ByAsker));
        Assert.Equal(["tea.txt"], report.NeverQuoted.Select(d => d.Path));
        Assert.Equal(4, report.Askers);
        Assert.Equal(11, report.PerDay.Sum(d => d.Refused));
        Assert.Equal(1, report.PerDay.Sum(d => d.Answered));
    }

    [Fact]
    public void Without_an_embedding_model_questions_are_grouped_by_their_words()
    {
        string[] questions = ["how to renew a passport", "passport renewal fees", "football match tonight", "football match result"];
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = GapClusterer.Cluster([.. questions.Select(q => GapClusterer.WordVector(q, vocabulary))], 0.45);
        Assert.Equal([[0, 1], [2, 3]], groups.Select(g => g.Order().ToArray()).OrderBy(g => g[0]));
        Assert.Equal("football match tonight", GapClusterer.Name(questions[2..]));
    }

    [Fact]
    public async Task A_report_of_an_empty_data_folder_is_empty()
    {
        await using var services = Host(keywordModel: false);
        var report = await services.GetRequiredService<FeedbackReporter>().BuildAsync(null, default);
        Assert.Equal(0, report.Asked);
        Assert.Empty(report.Gaps);
        Assert.Empty(report.NeverQuoted);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _seeds.Dispose();
        _data.Dispose();
    }
}
