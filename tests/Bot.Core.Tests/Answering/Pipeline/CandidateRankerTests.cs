using Bot.Core.Answering.Pipeline;
using Bot.Core.Answering.Ranking;

namespace Bot.Core.Tests.Answering.Pipeline;

public sealed class CandidateRankerTests
{
    private static readonly LinearModel Lexical = Candidates.Linear(CandidateFeature.Set, CandidateFeature.Hand, 1);
    private static readonly LinearModel Vector = Candidates.Linear(CandidateFeature.Set, CandidateFeature.Hand, 2);
    private static readonly LinearModel Reranker = Candidates.Linear(CandidateFeature.Set, CandidateFeature.Hand, 3);
    private static readonly LinearModel LexicalAbstainer = Candidates.Linear(AbstentionFeature.Set, AbstentionFeature.TopScore, 1);
    private static readonly LinearModel VectorAbstainer = Candidates.Linear(AbstentionFeature.Set, AbstentionFeature.TopScore, 2);

    private static readonly RankingModelSet Models = new(Lexical, LexicalAbstainer, null, Vector, VectorAbstainer, null, Reranker);

    [Fact]
    public void Candidates_without_sentence_vectors_get_the_lexical_models()
    {
        var stage = new CandidateRanker(Models).ChooseStage(Candidates.Set([1, 2]));

        Assert.Same(Lexical, stage.Ranker);
        Assert.Same(LexicalAbstainer, stage.Abstainer);
    }

    [Fact]
    public void Reranked_candidates_get_the_token_reranker_and_the_vector_abstainer()
    {
        var set = Candidates.Set([1, 2]) with { VectorCosines = [0.1, 0.2], Reranked = true };

        var stage = new CandidateRanker(Models).ChooseStage(set);

        Assert.Same(Reranker, stage.Ranker);
        Assert.Same(VectorAbstainer, stage.Abstainer);
    }

    [Fact]
    public void Candidates_with_vectors_the_reranker_did_not_reach_get_the_lexical_models()
    {
        var set = Candidates.Set([1, 2]) with { VectorCosines = [0.1, 0.2], Reranked = false };

        Assert.Same(Lexical, new CandidateRanker(Models).ChooseStage(set).Ranker);
        // Without a re-ranker at all, the vector ranker is the last stage.
        Assert.Same(Vector, new CandidateRanker(Models with { TokenReranker = null }).ChooseStage(set).Ranker);
    }

    [Fact]
    public void A_learned_ranker_orders_by_its_score_and_each_candidate_gets_its_softmax_share()
    {
        // The model prefers the highest hand feature, twice as strongly as the hand scores differ.
        var ranked = CandidateRanker.Rank(Candidates.Set([0.1, 0.9, 0.5]), Vector);

        Assert.Equal(1, ranked.Top);
        Assert.Equal([101L, 102, 100], ranked.Ranked.Select(r => r.Sentence.Id));
        Assert.Equal(1.0, ranked.Probabilities.Sum(), 12);
        Assert.Equal(Math.Exp(1.8) / (Math.Exp(0.2) + Math.Exp(1.8) + Math.Exp(1.0)), ranked.Ranked[0].Score, 12);
    }

    [Fact]
    public void Without_a_ranker_the_hand_scores_order_the_candidates_and_stay_their_scores()
    {
        var ranked = CandidateRanker.Rank(Candidates.Set([0.3, 0.1, 0.7]), null);

        Assert.Equal(2, ranked.Top);
        Assert.Equal([0.7, 0.3, 0.1], ranked.Ranked.Select(r => r.Score));
    }
}
