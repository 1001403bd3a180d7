using Bot.Core.Embeddings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Embeddings;

public sealed class EmbeddingOptionsBatchSizeTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(2049)]
    [InlineData(4000)]
    public void A_batch_size_outside_1_to_2048_is_rejected_naming_the_key_and_the_value(int batchSize)
    {
        foreach (var options in new[]
        {
            new EmbeddingOptions { BatchSize = batchSize },
            new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelName = "all-MiniLM-L6-v2", BatchSize = batchSize },
            new EmbeddingOptions { Provider = EmbeddingProvider.OpenAI, Endpoint = "http://127.0.0.1:1/v1", Model = "m", BatchSize = batchSize },
        })
        {
            var error = Assert.Single(EmbeddingOptionsValidator.GetErrors(options));
            Assert.Equal($"Bot:Embeddings:BatchSize must be between 1 and 2048; got {batchSize}.", error);
        }
    }

    [Fact]
    public void A_rejected_batch_size_stops_the_factory_before_any_model_is_loaded()
    {
        var data = Path.Combine(Path.GetTempPath(), "bot-data-" + Guid.NewGuid().ToString("N"));

        var ex = Assert.Throws<OptionsValidationException>(() =>
            EmbeddingGeneratorFactory.Create(new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelName = "all-MiniLM-L6-v2", BatchSize = 4000 }, data));

        Assert.Contains(ex.Failures, f => f.Contains("Bot:Embeddings:BatchSize", StringComparison.Ordinal) && f.Contains("4000", StringComparison.Ordinal));
        Assert.False(Directory.Exists(data));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1)]
    [InlineData(2048)]
    public void Unset_and_in_range_batch_sizes_are_accepted(int? batchSize)
    {
        Assert.Empty(EmbeddingOptionsValidator.GetErrors(new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelName = "all-MiniLM-L6-v2", BatchSize = batchSize }));
        Assert.Empty(EmbeddingOptionsValidator.GetErrors(new EmbeddingOptions { Provider = EmbeddingProvider.OpenAI, Endpoint = "http://127.0.0.1:1/v1", Model = "m", BatchSize = batchSize }));
    }

    [Fact]
    public void An_unset_batch_size_is_8_for_onnx_and_32_for_openai()
    {
        var options = new EmbeddingOptions();

        Assert.Null(options.BatchSize);
        Assert.Equal(8, options.BatchSizeFor(EmbeddingProvider.Onnx));
        Assert.Equal(32, options.BatchSizeFor(EmbeddingProvider.OpenAI));
    }

    [Theory]
    [InlineData(EmbeddingProvider.Onnx)]
    [InlineData(EmbeddingProvider.OpenAI)]
    public void A_configured_batch_size_wins_over_the_providers_default(EmbeddingProvider provider)
    {
        Assert.Equal(5, new EmbeddingOptions { BatchSize = 5 }.BatchSizeFor(provider));
        Assert.Equal(64, new EmbeddingOptions { BatchSize = 64 }.BatchSizeFor(provider));
    }

    [Fact]
    public void A_section_without_a_batch_size_binds_to_null()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:Embeddings:Provider"] = "onnx",
            ["Bot:Embeddings:ModelName"] = "all-MiniLM-L6-v2",
        }).Build();

        var options = configuration.GetSection(EmbeddingOptions.SectionName).Get<EmbeddingOptions>()!;

        Assert.Null(options.BatchSize);
        Assert.Equal(8, options.BatchSizeFor(options.Provider));
    }
}
