using Bot.Core.Answering.Ranking;
using Bot.Core.Embeddings;
using Bot.Core.Indexing;

namespace Bot.Core.Tests.Answering;

public sealed class TokenMatchFeaturesTests
{
    private static TokenVectors Tokens(params (int Id, float[] Vector)[] tokens) =>
        new(tokens.Select(t => t.Id).ToArray(), tokens.SelectMany(t => Unit(t.Vector)).ToArray(), 3);

    private static float[] Unit(float[] v)
    {
        var n = (float)Math.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / n).ToArray();
    }

    private static SentenceRow Row(int ordinal, int paragraph = 0) =>
        new(ordinal, 1, "a.txt", "A", null, paragraph, ordinal, 0, 1, $"sentence {ordinal}");

    [Fact]
    public void A_question_token_every_candidate_holds_weighs_little_and_one_none_holds_weighs_most()
    {
        var question = Tokens((5, [1, 0, 0]), (9, [0, 1, 0]));
        IReadOnlyList<int>[] candidates = [[2, 5, 3], [2, 5, 7, 3], [2, 5, 3]];

        var w = TokenMatchFeatures.Weights(question, candidates);

        Assert.Equal(Math.Log(4 / 3.5), w[0], 9);
        Assert.Equal(Math.Log(4 / 0.5), w[1], 9);
    }

    [Fact]
    public void Match_is_the_weighted_mean_of_each_question_tokens_best_cosine_and_the_worst_rare_token_is_kept()
    {
        var question = Tokens((1, [1, 0, 0]), (2, [0, 1, 0]));
        // The first question token is matched exactly, the second only at 45 degrees.
        var sentence = Tokens((1, [1, 0, 0]), (3, [0, 1, 1]), (4, [0, 0, 1]));

        var (match, worst) = TokenMatchFeatures.Score(question, [1, 4], sentence);

        double half = Math.Sqrt(0.5);
        Assert.Equal(((1 * 1) + (4 * half)) / 5, match, 5);
        Assert.Equal(half, worst, 5); // only the second token's weight (4) is above the rare-token bar
    }

    [Fact]
    public void Only_the_reranked_candidates_get_features_ranked_against_each_other_with_their_neighbours_best()
    {
        var sentences = new[] { Row(0), Row(1), Row(2), Row(3, paragraph: 1), Row(4, paragraph: 1) };
        var features = sentences.Select(_ => new double[CandidateFeature.Set.Count]).ToArray();

        // Candidates 0, 1, 3 and 4 were re-ranked (in that order), candidate 2 was not.
        TokenMatchFeatures.Fill(features, sentences, [3, 0, 1, 4], match: [0.5, 0.9, 0.7, 0.4], worst: [0.1, 0.8, 0.6, 0.3]);

        Assert.Equal([0.9, 0, 0.8, 0.9, 1, 1], Tok(features[0]));
        Assert.Equal([0.7, 0.7 - 0.9, 0.6, 0.9, 0.5, 1], Tok(features[1]), new ToleranceComparer());
        Assert.All(features[2], v => Assert.Equal(0, v));
        // Sentence 3 opens another paragraph: sentence 2 before it was not re-ranked and sentence 4 scores lower, so it
        // keeps its own score; sentence 4 takes sentence 3's. Neither takes sentence 1's or 0's (another paragraph).
        Assert.Equal([0.5, 0.5 - 0.9, 0.1, 0.5, 1.0 / 3, 1], Tok(features[3]), new ToleranceComparer());
        Assert.Equal([0.4, 0.4 - 0.9, 0.3, 0.5, 0.25, 1], Tok(features[4]), new ToleranceComparer());
        Assert.All(features, f => Assert.All(f[..CandidateFeature.TokMatch], v => Assert.Equal(0, v))); // no other slot written
    }

    [Fact]
    public void A_neighbour_in_another_paragraph_does_not_lend_its_score()
    {
        var sentences = new[] { Row(0, paragraph: 0), Row(1, paragraph: 1) };
        var features = sentences.Select(_ => new double[CandidateFeature.Set.Count]).ToArray();

        TokenMatchFeatures.Fill(features, sentences, [0, 1], match: [0.2, 0.9], worst: [0, 0]);

        Assert.Equal(0.2, features[0][CandidateFeature.TokNeighbour]);
    }

    /// <summary>The late-interaction slots, in order: tokMatch, tokGapToBest, tokWorstCovered, tokNeighbour, tokRank, tokReranked.</summary>
    private static double[] Tok(double[] f) => f[CandidateFeature.TokMatch..(CandidateFeature.TokReranked + 1)];

    private sealed class ToleranceComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;

        public int GetHashCode(double obj) => 0;
    }
}
