using Bot.Core.Embeddings;

namespace Bot.Core.Tests.Embeddings;

public sealed class QueryTokenVectorsTests
{
    [Fact]
    public async Task One_forward_pass_gives_the_pooled_vector_and_the_token_vectors_that_separate_calls_give()
    {
        using var model = TinyBertModel.Create();
        using var generator = new OnnxEmbeddingGenerator(model.Folder);

        var (pooled, tokens) = await generator.GenerateWithTokensAsync("the cat sat on the mat.", TestTimeout.Token());

        var alone = await generator.GenerateAsync(["the cat sat on the mat."], cancellationToken: TestTimeout.Token());
        var tokensAlone = await generator.GenerateTokenVectorsAsync(["the cat sat on the mat."], TestTimeout.Token());
        Assert.Equal(alone[0].Vector.ToArray(), pooled);
        Assert.NotNull(tokens);
        Assert.Equal(tokensAlone[0].Ids, tokens.Ids);
        Assert.Equal(tokensAlone[0].Vectors, tokens.Vectors);
    }

    [Fact]
    public async Task The_setup_serves_a_questions_token_vectors_from_the_run_that_embedded_it_and_each_caller_its_own_vector()
    {
        using var model = TinyBertModel.Create();
        using var setup = new EmbeddingSetup(new OnnxEmbeddingGenerator(model.Folder), EmbeddingProvider.Onnx, "tiny", "ONNX", TinyBertModel.Dim, new EmbeddingOptions());

        var vector = await setup.EmbedQueryAsync("the dog runs", TestTimeout.Token());
        vector[0] = 99; // normalising in place must not reach the next caller
        var tokens = await setup.QueryTokenVectorsAsync("the dog runs", TestTimeout.Token());
        var again = await setup.EmbedQueryAsync("the dog runs", TestTimeout.Token());

        var generator = (OnnxEmbeddingGenerator)setup.Generator;
        var expected = await generator.GenerateTokenVectorsAsync(["the dog runs"], TestTimeout.Token());
        Assert.NotNull(tokens);
        Assert.Equal(expected[0].Ids, tokens.Ids);
        Assert.Equal(expected[0].Vectors, tokens.Vectors);
        Assert.Equal((await generator.GenerateAsync(["the dog runs"], cancellationToken: TestTimeout.Token()))[0].Vector.ToArray(), again);
    }

    [Fact]
    public async Task Texts_of_mixed_lengths_run_in_length_buckets_give_the_token_vectors_of_one_text_at_a_time()
    {
        using var model = TinyBertModel.Create();
        using var bucketed = new OnnxEmbeddingGenerator(model.Folder, new OnnxEmbeddingGeneratorOptions { BatchSize = 8 });
        string[] texts = ["cat", "the cat sat on the mat.", "hello, world", "dog", "the dog runs on the mat, playing", "the mat", "the dog sat on the mat."];

        var together = await bucketed.GenerateTokenVectorsAsync(texts, TestTimeout.Token());

        for (var i = 0; i < texts.Length; i++)
        {
            var alone = await bucketed.GenerateTokenVectorsAsync([texts[i]], TestTimeout.Token());
            Assert.Equal(alone[0].Ids, together[i].Ids);
            for (var v = 0; v < alone[0].Vectors.Length; v++) Assert.Equal(alone[0].Vectors[v], together[i].Vectors[v], 5);
        }
    }

    [Fact]
    public async Task A_warmed_up_model_gives_the_question_exactly_the_vectors_a_fresh_one_gives()
    {
        using var model = TinyBertModel.Create();
        using var fresh = new OnnxEmbeddingGenerator(model.Folder);
        using var warmed = new OnnxEmbeddingGenerator(model.Folder);

        warmed.WarmUp();

        var (pooled, tokens) = await fresh.GenerateWithTokensAsync("the dog sat on the mat, playing", TestTimeout.Token());
        var (warmPooled, warmTokens) = await warmed.GenerateWithTokensAsync("the dog sat on the mat, playing", TestTimeout.Token());
        Assert.Equal(pooled, warmPooled);
        Assert.Equal(tokens!.Ids, warmTokens!.Ids);
        Assert.Equal(tokens.Vectors, warmTokens.Vectors);
    }

    [Fact]
    public void Warming_up_a_disposed_model_does_nothing()
    {
        using var model = TinyBertModel.Create();
        var generator = new OnnxEmbeddingGenerator(model.Folder);
        generator.Dispose();

        generator.WarmUp(); // no ObjectDisposedException, no native call on a released session
    }

    [Theory]
    [InlineData(4, 2)]
    [InlineData(16, 2)]
    [InlineData(40, 5)]
    [InlineData(200, 25)]
    public void A_batch_pads_a_text_by_at_most_an_eighth_of_its_longest_and_at_least_two_tokens(int longest, int slack) =>
        Assert.Equal(slack, OnnxEmbeddingGenerator.PaddingSlack(longest));
}
