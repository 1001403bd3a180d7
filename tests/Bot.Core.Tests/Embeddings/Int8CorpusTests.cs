using Bot.Core.Embeddings;
using Bot.Core.Indexing;
using Bot.Core.Questions;
using Bot.Core.Search;
using Bot.Core.Search.Vectors;
using Bot.Core.Tests.Indexing;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Embeddings;

/// <summary>
/// <see cref="ModelQuantization.Int8Corpus"/> with two fake models: the corpus's vectors come from the corpus model (stored
/// under the int8 key), the question's from the question model, and answering never makes the corpus model.
/// </summary>
public sealed class Int8CorpusTests : IDisposable
{
    private const string Int8Key = "onnx:fake-model:int8";
    private readonly TempFolder _seeds = new();
    private readonly TempFolder _data = new();
    private readonly CountingEmbeddingGenerator _float = new(salt: "float:");
    private readonly CountingEmbeddingGenerator _int8 = new(salt: "int8:");
    private readonly List<ServiceProvider> _providers = [];
    private int _int8Made;

    public Int8CorpusTests()
    {
        _seeds.File("lighthouse.txt", "Lighthouse log\n\nThe keeper counted 42 ships in March.\n\nFog horns sounded twice a night in winter.\n");
        _seeds.File("orchard.txt", "Orchard report\n\nThe orchard produced 900 crates of pears in 2019. Frost took the plums in April.\n");
    }

    public void Dispose()
    {
        foreach (var sp in _providers) sp.Dispose();
        _seeds.Dispose();
        _data.Dispose();
    }

    /// <summary>A process's setup: the float model loaded, the int8 one made by the factory on first corpus use.</summary>
    private EmbeddingSetup Setup() => new(_float, EmbeddingProvider.Onnx, "fake-model", "test", 8,
        new EmbeddingOptions { Quantization = ModelQuantization.Int8Corpus, BatchSize = 2 },
        () => { _int8Made++; return _int8; });

    private ServiceProvider Services(EmbeddingSetup setup)
    {
        var sp = CoreHost.Create(_seeds.Path, _data.Path, more: s =>
        {
            s.AddSingleton(new EmbeddingSetupProvider(setup));
            s.AddSingleton<IIndexEmbeddingStep>(new EmbeddingIndexStep(setup));
        });
        _providers.Add(sp);
        return sp;
    }

    [Fact]
    public async Task The_index_stores_the_int8_model_s_passage_and_sentence_vectors_under_the_int8_key()
    {
        var setup = Setup();
        var sp = Services(setup);
        Assert.Equal((Int8Key, Int8Key, "onnx:fake-model"), (setup.ModelKey, setup.SentenceModelKey, setup.TrainedModelKey));

        await sp.GetRequiredService<IIndexer>().IndexAsync(false, null, TestTimeout.Token());

        Assert.Empty(_float.Embedded); // the question's model embeds nothing of the corpus
        Assert.Equal(1, _int8Made);
        await using var reader = await sp.GetRequiredService<IIndexStore>().OpenReaderAsync(TestTimeout.Token());
        var vectors = await reader.ListPassageVectorsAsync(Int8Key, TestTimeout.Token());
        var passages = await reader.GetPassagesAsync(vectors.Select(v => v.PassageId).ToList(), TestTimeout.Token());
        Assert.Equal(3, vectors.Count);
        foreach (var (v, p) in vectors.Zip(passages)) AssertVector(CountingEmbeddingGenerator.VectorFor("int8:" + p.Text), v.Blob.Span);
        var sentences = (await reader.SearchSentencesAsync(["frost", "orchard"], 10, TestTimeout.Token())).Select(h => h.Sentence).ToList();
        Assert.Contains(sentences, s => s.Text == "Frost took the plums in April."); // one of a two-sentence passage: its own run
        var stored = await reader.GetSentenceVectorsAsync(Int8Key, sentences, TestTimeout.Token());
        for (int i = 0; i < sentences.Count; i++) AssertVector(CountingEmbeddingGenerator.VectorFor("int8:" + sentences[i].Text), stored[i]!);
        Assert.Empty(await reader.ListPassageVectorsAsync("onnx:fake-model", TestTimeout.Token()));
    }

    [Fact]
    public async Task Answering_embeds_the_question_with_the_float_model_and_never_makes_the_int8_one()
    {
        await Services(Setup()).GetRequiredService<IIndexer>().IndexAsync(false, null, TestTimeout.Token());
        _int8.Embedded.Clear();
        _int8Made = 0;
        var asking = Setup(); // a process that only answers: the index is up to date
        var sp = Services(asking);
        await sp.GetRequiredService<IIndexer>().IndexAsync(false, null, TestTimeout.Token());

        await using var reader = await sp.GetRequiredService<IIndexStore>().OpenReaderAsync(TestTimeout.Token());
        var hits = await sp.GetRequiredService<IRetriever>().RetrieveAsync(reader, QuestionAnalyzer.Analyze("How many ships did the keeper count?"), 5, TestTimeout.Token());
        Assert.NotEmpty(hits);
        Assert.Equal(CountingEmbeddingGenerator.VectorFor("float:How many ships did the keeper count?"), await asking.EmbedQueryAsync("How many ships did the keeper count?", TestTimeout.Token()));
        // A sentence without a stored vector is embedded at ask time by the question's model too (kept in memory only).
        Assert.Equal(CountingEmbeddingGenerator.VectorFor("float:Gulls nested on the rail."), Assert.Single(await asking.EmbedAtAskTimeAsync(["Gulls nested on the rail."], TestTimeout.Token())));

        Assert.Contains("How many ships did the keeper count?", _float.Embedded);
        Assert.Equal((0, false), (_int8Made, asking.CorpusGeneratorLoaded));
        Assert.Empty(_int8.Embedded);
    }

    [Fact]
    public void Int8Corpus_shares_int8_s_stored_key_is_refused_for_an_endpoint_and_switching_from_float_re_embeds()
    {
        var data = Path.Combine(Path.GetTempPath(), "bot-data-" + Guid.NewGuid().ToString("N"));
        var options = new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelName = "all-MiniLM-L6-v2", Quantization = ModelQuantization.Int8Corpus };
        Assert.Empty(EmbeddingOptionsValidator.GetErrors(options));
        Assert.Equal("onnx:all-MiniLM-L6-v2:int8", EmbeddingGeneratorFactory.ModelKey(options, data));
        Assert.Equal("onnx:all-MiniLM-L6-v2:int8", EmbeddingGeneratorFactory.ModelKey(new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelName = "all-MiniLM-L6-v2", Quantization = ModelQuantization.Int8 }, data));
        Assert.NotEqual("onnx:all-MiniLM-L6-v2", EmbeddingGeneratorFactory.ModelKey(options, data)); // float vectors are pruned and re-made
        var openAi = new EmbeddingOptions { Provider = EmbeddingProvider.OpenAI, Endpoint = "http://127.0.0.1:1/v1", Model = "m", Quantization = ModelQuantization.Int8Corpus };
        Assert.Contains("Bot:Embeddings:Quantization is Int8Corpus", Assert.Single(EmbeddingOptionsValidator.GetErrors(openAi)), StringComparison.Ordinal);
        Assert.False(Directory.Exists(data));
    }

    [Fact]
    public async Task An_int8_copy_that_cannot_be_made_fails_the_index_run_and_is_tried_again_on_the_next()
    {
        var attempts = 0;
        var setup = new EmbeddingSetup(_float, EmbeddingProvider.Onnx, "fake-model", "test", 8, new EmbeddingOptions { Quantization = ModelQuantization.Int8Corpus },
            () => ++attempts == 1 ? throw new EmbeddingModelException("the int8 copy cannot be written (fake)") : _int8);
        var indexer = Services(setup).GetRequiredService<IIndexer>();

        var error = await Assert.ThrowsAsync<EmbeddingModelException>(() => indexer.IndexAsync(false, null, TestTimeout.Token()));
        Assert.Contains("int8 copy", error.Message, StringComparison.Ordinal);
        var report = await indexer.IndexAsync(false, null, TestTimeout.Token());

        Assert.Equal((2, 3), (attempts, report.PassagesEmbedded));
        Assert.Empty(_float.Embedded);
    }

    private static void AssertVector(float[] expected, ReadOnlySpan<byte> blob)
    {
        var decoded = VectorBlob.Decode(blob, VectorEncoding.Float16);
        Assert.All(decoded.Zip(expected), pair => Assert.Equal(pair.Second, pair.First, 0.002f));
    }
}
