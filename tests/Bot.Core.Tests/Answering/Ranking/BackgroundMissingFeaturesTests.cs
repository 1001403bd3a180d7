using Bot.Core.Answering.Ranking;
using Bot.Core.Tests.Answering.Pipeline;

namespace Bot.Core.Tests.Answering.Ranking;

/// <summary>The abstainer's background-rarity slots: which of the question's words the corpus lacks, and what kind of words they are.</summary>
public sealed class BackgroundMissingFeaturesTests
{
    // Candidates.Set asks "when did the treaty end the war?"; each test marks some of its words absent from the corpus.
    private static double[] Features(params string[] missingNormals)
    {
        var set = Candidates.Set([1.0]);
        var df = set.Analysis.Terms.ToDictionary(t => t.Stem, t => missingNormals.Contains(t.Normal) ? 0 : 3);
        return AbstentionFeatures.Compute(set with { SentenceFrequencies = df }, [1.0], 0, 1);
    }

    [Fact]
    public void A_question_whose_words_the_corpus_all_holds_misses_nothing()
    {
        var a = Features();
        Assert.Equal(0, a[AbstentionFeature.BgMissingShare]);
        Assert.Equal(0, a[AbstentionFeature.BgMaxMissing]);
        Assert.Equal(0, a[AbstentionFeature.BgRarestMissing]);
        Assert.Equal(0, a[AbstentionFeature.MissingNameShare]);
    }

    [Fact]
    public void Missing_words_weigh_by_their_rarity_in_general_english()
    {
        var common = Features("war");
        var rarer = Features("treaty");
        Assert.True(rarer[AbstentionFeature.BgMissingShare] > common[AbstentionFeature.BgMissingShare]);
        Assert.True(rarer[AbstentionFeature.BgMaxMissing] > common[AbstentionFeature.BgMaxMissing]);
        // "treaty" is among the question's two rarest words in general English (with "end"), "war" is not.
        Assert.Equal(0.5, rarer[AbstentionFeature.BgRarestMissing]);
        Assert.Equal(0, common[AbstentionFeature.BgRarestMissing]);
        Assert.Equal(0, rarer[AbstentionFeature.MissingNameShare]);
    }
}
