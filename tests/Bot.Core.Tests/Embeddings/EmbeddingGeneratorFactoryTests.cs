using Bot.Core.Embeddings;
using Bot.Core.Search.Vectors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Embeddings;

[Integration(TestCategory.Server)]
public sealed class EmbeddingGeneratorFactoryTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "bot-data-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public void Without_configuration_there_is_no_generator_and_retrieval_is_lexical()
    {
        var setup = EmbeddingGeneratorFactory.Create(new EmbeddingOptions(), _data);

        Assert.Null(setup);
        Assert.Equal("lexical (BM25)", EmbeddingGeneratorFactory.Describe(setup));
    }

    [Fact]
    public void Options_bind_from_the_bot_embeddings_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:Embeddings:Provider"] = "openai",
            ["Bot:Embeddings:Endpoint"] = "http://localhost:11434/v1",
            ["Bot:Embeddings:Model"] = "nomic-embed-text",
            ["Bot:Embeddings:BatchSize"] = "64",
            ["Bot:Embeddings:Weight"] = "0.5",
            ["Bot:Embeddings:StorageEncoding"] = "Float32",
        }).Build();

        var options = configuration.GetSection(EmbeddingOptions.SectionName).Get<EmbeddingOptions>()!;

        Assert.Equal(EmbeddingProvider.OpenAI, options.Provider);
        Assert.Equal(64, options.BatchSize);
        Assert.Equal(0.5, options.Weight);
        Assert.Equal(VectorEncoding.Float32, options.StorageEncoding);
        Assert.Empty(EmbeddingOptionsValidator.GetErrors(options));
    }

    [Fact]
    public void Invalid_options_list_every_setting_to_fix()
    {
        var options = new EmbeddingOptions { Provider = EmbeddingProvider.OpenAI, Endpoint = "localhost:11434", BatchSize = 0, Weight = -1 };

        var ex = Assert.Throws<OptionsValidationException>(() => EmbeddingGeneratorFactory.Create(options, _data));

        Assert.Contains(ex.Failures, f => f.Contains("Bot:Embeddings:Endpoint must be an absolute http(s) URL", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Bot:Embeddings:Model is not set", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Bot:Embeddings:BatchSize", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Bot:Embeddings:Weight", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    public void An_index_concurrency_outside_1_to_16_is_refused_by_name(int concurrency)
    {
        var options = new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelName = "all-MiniLM-L6-v2", IndexConcurrency = concurrency };

        Assert.Equal([$"Bot:Embeddings:IndexConcurrency must be between 1 and 16; got {concurrency}."], EmbeddingOptionsValidator.GetErrors(options));
    }

    [Fact]
    public void Index_concurrency_defaults_to_the_cpus_for_onnx_and_to_one_call_for_an_endpoint()
    {
        var options = new EmbeddingOptions();

        Assert.Equal(Math.Clamp(Environment.ProcessorCount, 1, 4), options.IndexConcurrencyFor(EmbeddingProvider.Onnx));
        Assert.Equal(1, options.IndexConcurrencyFor(EmbeddingProvider.OpenAI));
        Assert.Equal(3, new EmbeddingOptions { IndexConcurrency = 3 }.IndexConcurrencyFor(EmbeddingProvider.OpenAI));
    }

    [Fact]
    public void Onnx_without_a_model_is_invalid_at_start_up()
    {
        var result = new EmbeddingOptionsValidator().Validate(null, new EmbeddingOptions { Provider = EmbeddingProvider.Onnx });

        Assert.True(result.Failed);
        Assert.Contains("Bot:Embeddings:ModelName", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("all-MiniLM-L6-v2", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_onnx_model_loads_from_the_data_folder_cache_and_describes_hybrid_retrieval()
    {
        using var model = TinyBertModel.Create();
        CopyFolder(model.Folder, ModelDownloader.ModelFolder(_data, "all-MiniLM-L6-v2"));

        using var setup = EmbeddingGeneratorFactory.Create(new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelName = "all-minilm-l6-v2", Weight = 0.7 }, _data);

        Assert.NotNull(setup);
        Assert.Equal("hybrid (BM25 + all-MiniLM-L6-v2 via ONNX)", EmbeddingGeneratorFactory.Describe(setup));
        Assert.Equal("onnx:all-MiniLM-L6-v2", setup.ModelKey); // float weights unless Quantization=Int8 or Int8Corpus
        Assert.Equal(TinyBertModel.Dim, setup.Dimensions);
        Assert.Equal(0.7, setup.Weight);
        Assert.Equal(VectorEncoding.Float16, setup.StorageEncoding);
    }

    [Fact]
    public void A_configured_model_that_was_never_pulled_is_an_error_not_a_silent_fallback()
    {
        var ex = Assert.Throws<EmbeddingModelException>(() =>
            EmbeddingGeneratorFactory.Create(new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelName = "bge-small-en-v1.5" }, _data));

        Assert.Contains(Path.Combine("models", "bge-small-en-v1.5"), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_openai_compatible_endpoint_is_described_by_model_and_host()
    {
        await using var server = new FakeOpenAIEmbeddingsServer();
        var options = new EmbeddingOptions { Provider = EmbeddingProvider.OpenAI, Endpoint = server.Endpoint, Model = "text-embedding-3-small", Dimensions = 3 };

        using var setup = EmbeddingGeneratorFactory.Create(options, _data);

        Assert.NotNull(setup);
        Assert.Equal($"hybrid (BM25 + text-embedding-3-small via OpenAI-compatible endpoint {new Uri(server.Endpoint).Authority})", setup.Description);
        Assert.Equal("openai:text-embedding-3-small:3", setup.ModelKey);
        var vectors = await setup.Generator.GenerateAsync(["alpha"], cancellationToken: TestTimeout.Token());
        Assert.Equal(FakeOpenAIEmbeddingsServer.VectorFor("alpha", 3), vectors[0].Vector.ToArray());
    }

    [Fact]
    public async Task Queries_get_the_bge_instruction_and_passages_are_embedded_in_batches()
    {
        using var model = TinyBertModel.Create();
        CopyFolder(model.Folder, ModelDownloader.ModelFolder(_data, "bge-small-en-v1.5"));
        using var reference = new OnnxEmbeddingGenerator(model.Folder);
        using var setup = EmbeddingGeneratorFactory.Create(new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelName = "bge-small-en-v1.5", BatchSize = 2 }, _data)!;
        var progress = new List<int>();

        var query = await setup.EmbedQueryAsync("the cat", TestTimeout.Token());
        var passages = await setup.EmbedPassagesAsync(["the cat", "dog", "mat"], new SynchronousProgress(progress.Add), TestTimeout.Token());

        Assert.StartsWith("Represent this sentence", setup.QueryPrefix, StringComparison.Ordinal);
        var prefixed = await reference.GenerateAsync([setup.QueryPrefix + "the cat"], cancellationToken: TestTimeout.Token());
        Assert.Equal(prefixed[0].Vector.ToArray(), query);
        Assert.NotEqual(passages[0], query);
        Assert.Equal([2, 3], progress);
        Assert.Equal(3, passages.Count);
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
