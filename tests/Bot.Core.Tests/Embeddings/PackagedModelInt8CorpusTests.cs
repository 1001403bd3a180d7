using System.Numerics.Tensors;
using Bot.Core.Embeddings;
using Bot.Core.Indexing;
using Bot.Core.Search.Vectors;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Embeddings;

/// <summary><see cref="ModelQuantization.Int8Corpus"/> with the packaged model: the index holds the int8 copy's vectors, the question gets the float model's.</summary>
[Integration(TestCategory.Model)]
public sealed class PackagedModelInt8CorpusTests(PackagedModelFixture model) : IClassFixture<PackagedModelFixture>
{
    private const string Passage = "The keeper counted forty-two ships passing the lighthouse in March.";
    private const string Question = "How many ships passed the lighthouse?";

    private EmbeddingSetup Create(ModelQuantization quantization) =>
        EmbeddingGeneratorFactory.Create(new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelName = "all-MiniLM-L6-v2", Quantization = quantization }, model.DataPath)!;

    [Fact]
    public async Task Stored_vectors_are_the_int8_model_s_and_the_question_s_is_the_float_model_s()
    {
        using var mixed = Create(ModelQuantization.Int8Corpus);
        using var int8 = Create(ModelQuantization.Int8);
        var question = await mixed.EmbedQueryAsync(Question, TestTimeout.Token(120));
        Assert.False(mixed.CorpusGeneratorLoaded); // the question needs only the float model
        Assert.Equal(await model.Setup.EmbedQueryAsync(Question, TestTimeout.Token(120)), question);

        using var seeds = new TempFolder();
        using var data = new TempFolder();
        seeds.File("log.txt", Passage + "\n");
        using var sp = CoreHost.Create(seeds.Path, data.Path, more: s => s.AddSingleton<IIndexEmbeddingStep>(new EmbeddingIndexStep(mixed)));
        await sp.GetRequiredService<IIndexer>().IndexAsync(false, null, TestTimeout.Token(120));
        await using var reader = await sp.GetRequiredService<IIndexStore>().OpenReaderAsync(TestTimeout.Token());
        var stored = VectorBlob.Decode(Assert.Single(await reader.ListPassageVectorsAsync("onnx:all-MiniLM-L6-v2:int8", TestTimeout.Token())).Blob.Span, mixed.StorageEncoding);

        var int8Vector = (await int8.EmbedPassagesAsync([Passage], null, TestTimeout.Token(120)))[0];
        var floatVector = (await model.Setup.EmbedPassagesAsync([Passage], null, TestTimeout.Token(120)))[0];
        Assert.True(mixed.CorpusGeneratorLoaded);
        Assert.All(stored.Zip(int8Vector), pair => Assert.Equal(pair.Second, pair.First, 0.002f));
        var toFloat = TensorPrimitives.CosineSimilarity<float>(stored, floatVector);
        Assert.InRange(toFloat, 0.97f, 0.9995f); // close to the float model's, but not its vector
    }
}
