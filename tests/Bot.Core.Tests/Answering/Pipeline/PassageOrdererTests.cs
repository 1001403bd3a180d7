using Bot.Core.Answering;
using Bot.Core.Answering.Pipeline;
using Bot.Core.Indexing;
using Bot.Core.Tests.Search;

namespace Bot.Core.Tests.Answering.Pipeline;

public sealed class PassageOrdererTests
{
    private static PassageHit Passage(long id, int paragraph, int first, int last) =>
        new(id, 1, "a.txt", "A", null, paragraph, first * 10, last * 10 + 9, first, last, $"passage {id}", 1.0 / id);

    private static SentenceRow Sentence(int paragraph, int ordinal) =>
        new(100 + ordinal, 1, "a.txt", "A", null, paragraph, ordinal, ordinal * 10, ordinal * 10 + 9, $"sentence {ordinal}");

    [Fact]
    public void Passages_are_ordered_by_their_best_sentence_not_already_shown_above()
    {
        // A and B overlap on sentence 2, the best one; once A shows it, B is worth only sentence 4 and C goes before it.
        PassageHit a = Passage(1, 1, 0, 2), b = Passage(2, 1, 2, 4), c = Passage(3, 2, 5, 6);
        var scores = new Dictionary<(long, int), double> { [(1, 2)] = 0.5, [(1, 4)] = 0.1, [(1, 5)] = 0.3, [(1, 0)] = 0.05 };

        var order = PassageOrderer.RerankPassages([b, c, a], scores);

        Assert.Equal([b, c, a], order);
        Assert.Equal([a, c, b], PassageOrderer.RerankPassages([a, b, c], scores));
    }

    [Fact]
    public async Task A_paragraph_found_only_by_sentence_search_can_be_shown_first_when_its_sentence_ranks_best()
    {
        // Passage search found paragraph 1 only; sentence search brought in paragraph 2 (two passages sharing sentence 3).
        PassageHit retrieved = Passage(1, 1, 0, 1), second = Passage(2, 2, 2, 3), third = Passage(3, 2, 3, 4);
        var reader = new FakeIndexReader();
        reader.Passages.AddRange([retrieved, second, third, Passage(4, 3, 5, 6)]);
        SentenceRow[] candidates = [Sentence(1, 0), Sentence(1, 1), Sentence(2, 2), Sentence(2, 3), Sentence(2, 4)];

        var rankable = await PassageOrderer.RankablePassagesAsync(reader, [retrieved], candidates, CancellationToken.None);

        Assert.Equal([retrieved, second, third], rankable); // paragraph 3 has no candidate sentence
        var scores = new Dictionary<(long, int), double> { [(1, 0)] = 0.2, [(1, 1)] = 0.1, [(1, 3)] = 0.6, [(1, 4)] = 0.05 };
        Assert.Equal([second, retrieved, third], PassageOrderer.RerankPassages(rankable, scores));
    }

    [Fact]
    public async Task The_orderer_shows_a_best_sentence_that_only_sentence_search_found_first()
    {
        PassageHit retrieved = Passage(1, 1, 0, 1), second = Passage(2, 2, 2, 3);
        var reader = new FakeIndexReader();
        reader.Passages.AddRange([retrieved, second]);
        var set = Candidates.Set([0.1, 0.2]) with { Passages = [retrieved], Sentences = [Sentence(1, 0), Sentence(2, 3)] };
        ScoredSentence[] ranked = [new(Sentence(2, 3), 0.9, 1, 1, 0), new(Sentence(1, 0), 0.1, 1, 1, 0)];

        var order = await new PassageOrderer().OrderAsync(reader, set, ranked, CancellationToken.None);

        Assert.Equal([second, retrieved], order);
    }

    [Fact]
    public async Task Retrieved_passages_that_already_show_every_candidate_need_no_more()
    {
        var retrieved = new[] { Passage(1, 1, 0, 1) };
        var reader = new FakeIndexReader();
        reader.Passages.AddRange([retrieved[0], Passage(2, 1, 1, 2)]);

        var rankable = await PassageOrderer.RankablePassagesAsync(reader, retrieved, [Sentence(1, 0), Sentence(1, 1)], CancellationToken.None);

        Assert.Same(retrieved, rankable);
    }
}
