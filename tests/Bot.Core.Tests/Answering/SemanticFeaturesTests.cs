using Bot.Core.Answering.Ranking;
using Bot.Core.Indexing;
using Bot.Core.Questions;
using Bot.Core.Text;

namespace Bot.Core.Tests.Answering;

public sealed class SemanticFeaturesTests
{
    private static SentenceRow Row(long id, int paragraph, int ordinal, string text) =>
        new(id, 1, "doc.txt", "Doc", null, paragraph, ordinal, 0, text.Length, text);

    private static double[][] Compute(string question, params SentenceRow[] sentences)
    {
        var analysis = QuestionAnalyzer.Analyze(question);
        var tokens = sentences.Select(s => WordTokenizer.Tokenize(s.Text)).ToList();
        // Exact stem matches only (the related-form and prefix matches of SentenceScorer are not needed here).
        var match = tokens.Select(tk => analysis.Terms.Select(t => tk.Any(x => x.Stem == t.Stem) ? 1.0 : 0.0).ToArray()).ToList();
        var w = analysis.Terms.Select(_ => 1.0).ToArray();
        var features = sentences.Select(_ => new double[CandidateFeature.Set.Count]).ToArray();
        SemanticFeatures.Fill(features, analysis, sentences, tokens, match, w);
        return features;
    }

    [Fact]
    public void A_paraphrased_sentence_covers_more_of_the_question_than_an_unrelated_one()
    {
        var f = Compute("When did the Normans invade England?",
            Row(1, 0, 0, "The Normans conquered England in 1066."),
            Row(2, 1, 1, "The Normans liked bananas and music."));
        const int soft = CandidateFeature.SoftCoverage;
        Assert.True(f[0][soft] > f[1][soft] + 0.2, $"paraphrase {f[0][soft]:F3} vs unrelated {f[1][soft]:F3}");
        Assert.InRange(f[0][soft], 0, 1);
    }

    [Fact]
    public void Exact_matches_count_fully_and_the_neighbourhood_covers_at_least_the_sentence()
    {
        var f = Compute("Who ruled Scotland?",
            Row(1, 0, 0, "Scotland had many kings."),
            Row(2, 0, 1, "Malcolm ruled Scotland for decades."));
        const int soft = CandidateFeature.SoftCoverage, hood = CandidateFeature.SoftNeighbourhood;
        Assert.Equal(1.0, f[1][soft], 6);
        Assert.True(f[0][hood] >= f[0][soft]);
        Assert.Equal(1.0, f[0][hood], 6); // its neighbour holds both words
    }
}
