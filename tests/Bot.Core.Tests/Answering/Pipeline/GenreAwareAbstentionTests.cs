using Bot.Core.Answering;
using Bot.Core.Indexing;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Answering.Pipeline;

/// <summary>
/// Bot:Scoring:NewsAbstainThreshold over a real SQLite index of one news article (the seed) and one Wikipedia article
/// (squad-dev's Scottish Parliament): the best sentence's document genre picks the threshold.
/// </summary>
public sealed class GenreAwareAbstentionTests
{
    private const string NewsQuestion = "Which country was the first to recognise Taliban rule?";
    private const string ReferenceQuestion = "Where is the Scottish Parliament building?";

    private static async Task<(Answer News, Answer Reference)> AskBothAsync(string? newsThreshold)
    {
        using var seeds = new TempFolder();
        using var data = new TempFolder();
        File.Copy(Path.Combine(RepoPaths.Seeds, "russia-recognises-taliban.txt"), Path.Combine(seeds.Path, "russia-recognises-taliban.txt"));
        File.Copy(Path.Combine(RepoPaths.SquadDocs, "scottish-parliament.txt"), Path.Combine(seeds.Path, "scottish-parliament.txt"));
        // A reference threshold nothing reaches, so only the news threshold can let an answer through.
        var settings = new Dictionary<string, string?> { ["Bot:Scoring:AbstainThreshold"] = "1", ["Bot:Scoring:NewsAbstainThreshold"] = newsThreshold };
        await using var services = CoreHost.Create(seeds.Path, data.Path, settings);
        await services.GetRequiredService<IIndexer>().IndexAsync(false, null, TestTimeout.Token(120));
        var answerer = services.GetRequiredService<IAnswerer>();
        var news = await answerer.AskAsync(new AskRequest(NewsQuestion), TestTimeout.Token());
        var reference = await answerer.AskAsync(new AskRequest(ReferenceQuestion), TestTimeout.Token());
        return (news, reference);
    }

    [Fact]
    public async Task A_best_sentence_from_a_news_article_is_held_to_the_news_threshold_and_one_from_a_reference_article_to_the_other()
    {
        var (news, reference) = await AskBothAsync(newsThreshold: "0");

        Assert.True(news.Answered);
        Assert.Contains("russia-recognises-taliban.txt", news.Quotes[0].Path, StringComparison.Ordinal);
        Assert.False(reference.Answered);
    }

    [Fact]
    public async Task Without_the_setting_the_lexical_trees_which_carry_no_news_threshold_hold_every_document_to_the_one_threshold()
    {
        // This host is lexical (no embedding model): only the vector trees ship a news threshold (ShippedModelFilesTests).
        var (news, reference) = await AskBothAsync(newsThreshold: null);

        Assert.False(news.Answered);
        Assert.False(reference.Answered);
    }

    [Fact]
    public async Task A_news_threshold_as_strict_as_the_reference_one_refuses_both()
    {
        var (news, reference) = await AskBothAsync(newsThreshold: "1");

        Assert.False(news.Answered);
        Assert.False(reference.Answered);
    }
}
