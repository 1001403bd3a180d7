using Bot.Core.Embeddings;
using Bot.Core.Tests.Indexing;

namespace Bot.Core.Tests.Embeddings;

public sealed class EmbeddingQueryMemoTests
{
    [Fact]
    public async Task A_question_embedded_for_retrieval_is_not_embedded_again_for_the_ranker_and_each_caller_gets_its_own_copy()
    {
        var fake = new CountingEmbeddingGenerator();
        using var setup = new EmbeddingSetup(fake, EmbeddingProvider.OpenAI, "fake-model", "test", 8, new EmbeddingOptions());

        var first = await setup.EmbedQueryAsync("How many ships?", TestTimeout.Token());
        first[0] = 99; // a caller normalising in place must not change what the next caller gets
        var second = await setup.EmbedQueryAsync("How many ships?", TestTimeout.Token());
        await setup.EmbedQueryAsync("Another question", TestTimeout.Token());

        Assert.Equal(2, fake.Calls);
        Assert.Equal(CountingEmbeddingGenerator.VectorFor("How many ships?"), second);
    }
}
