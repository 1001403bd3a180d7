using Bot.Core.Configuration;
using Bot.Core.Embeddings;
using Bot.Core.Indexing;
using Bot.Core.Search.Vectors;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Embeddings;

public sealed class LazyModelLoadTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "bot-lazy-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    private EmbeddingSetupProvider Provider(EmbeddingOptions options) =>
        new(Options.Create(options), Options.Create(new BotOptions { DataPath = _data }), NullLoggerFactory.Instance);

    [Fact]
    public void The_indexer_step_knows_which_vectors_a_model_makes_without_loading_it()
    {
        // A folder that holds no model: loading it would fail, so a step that can be made and asked proves nothing loaded.
        var folder = Path.Combine(_data, "my-model");
        using var provider = Provider(new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelPath = folder, StorageEncoding = VectorEncoding.Float32, BatchSize = 4 });

        var step = new EmbeddingIndexStep(provider);

        Assert.Equal("onnx:my-model", step.ModelKey); // float weights unless Quantization=Int8 or Int8Corpus
        Assert.Equal(VectorEncoding.Float32, step.Encoding);
        Assert.Equal(32, step.BatchSize);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task The_model_is_loaded_when_something_is_embedded_and_its_failure_is_the_models_error()
    {
        using var provider = Provider(new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelPath = Path.Combine(_data, "missing") });
        var step = new EmbeddingIndexStep(provider);

        var ex = await Assert.ThrowsAsync<EmbeddingModelException>(() => step.EmbedAsync(["a passage"], TestTimeout.Token()));

        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_known_beforehand_is_the_key_of_the_loaded_model()
    {
        using var model = TinyBertModel.Create();
        var options = new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelPath = model.Folder };
        using var provider = Provider(options);

        var before = provider.ModelKey;
        provider.LoadInBackground();

        Assert.Equal(provider.Setup!.ModelKey, before);
    }

    [Fact]
    public async Task A_model_loaded_and_warmed_up_in_the_background_embeds_a_question_as_one_loaded_on_demand()
    {
        using var model = TinyBertModel.Create();
        var options = new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelPath = model.Folder };
        using var background = Provider(options);
        using var onDemand = Provider(options);

        background.LoadInBackground();

        var warm = await background.Setup!.EmbedQueryAsync("when did the dog sit on the mat?", TestTimeout.Token());
        var cold = await onDemand.Setup!.EmbedQueryAsync("when did the dog sit on the mat?", TestTimeout.Token());
        Assert.Equal(cold, warm);
    }

    [Fact]
    public void Invalid_options_have_no_key_rather_than_one_that_would_prune_every_stored_vector()
    {
        using var provider = Provider(new EmbeddingOptions { Provider = EmbeddingProvider.OpenAI });

        Assert.Throws<OptionsValidationException>(() => provider.ModelKey);
    }
}
