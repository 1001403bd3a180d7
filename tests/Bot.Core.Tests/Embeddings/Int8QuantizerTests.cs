using System.Numerics.Tensors;
using Bot.Core.Embeddings;
using Bot.Core.Tests.Embeddings.Onnx;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Tests.Embeddings;

/// <summary>Int8 weights (<see cref="ModelQuantization.Int8"/>) on the tiny model with a projection MatMul.</summary>
public sealed class Int8QuantizerTests
{
    private static readonly string[] Texts = ["the cat sat on the mat.", "hello world", "the dog runs on the mat, playing"];

    [Fact]
    public async Task An_int8_copy_is_written_beside_the_model_once_and_embeds_close_to_the_float_model()
    {
        using var model = TinyBertModel.Create(withProjection: true);
        using var float32 = new OnnxEmbeddingGenerator(model.Folder);
        var expected = await float32.GenerateAsync(Texts, cancellationToken: TestTimeout.Token());

        using (var int8 = new OnnxEmbeddingGenerator(model.Folder, new OnnxEmbeddingGeneratorOptions { Int8Weights = true }))
        {
            var actual = await int8.GenerateAsync(Texts, cancellationToken: TestTimeout.Token());
            for (int i = 0; i < Texts.Length; i++)
            {
                Assert.InRange(TensorPrimitives.Dot(expected[i].Vector.Span, actual[i].Vector.Span), 0.995f, 1.0001f);
                Assert.NotEqual(expected[i].Vector.ToArray(), actual[i].Vector.ToArray()); // really another model
            }
        }

        // The copy: the MatMul became the dynamic-quantisation pattern, with the weights as int8 and a scale per column.
        var copy = Assert.Single(Int8Copies(model.Folder));
        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(copy)).Graph;
        Assert.DoesNotContain(graph.Node, n => n.OpType == "MatMul");
        Assert.Equal(["DynamicQuantizeLinear", "MatMulInteger", "Cast", "Mul", "Mul"], graph.Node.Select(n => n.OpType).Where(o => o is "DynamicQuantizeLinear" or "MatMulInteger" or "Cast" or "Mul").Skip(2));
        Assert.DoesNotContain(graph.Initializer, t => t.Name == "projection");
        var written = File.GetLastWriteTimeUtc(copy);

        using var again = new OnnxEmbeddingGenerator(model.Folder, new OnnxEmbeddingGeneratorOptions { Int8Weights = true, CacheOptimizedModel = false });
        Assert.Equal(written, File.GetLastWriteTimeUtc(Assert.Single(Int8Copies(model.Folder)))); // reused
    }

    // Not ONNX Runtime's optimised graph of the copy (model.onnx.int8-KEY.onnx.optimized-KEY.onnx).
    private static string[] Int8Copies(string folder) =>
        Directory.GetFiles(folder, "model.onnx.int8-*.onnx").Where(f => !f.Contains(".optimized-", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void Only_the_MatMuls_the_selection_picks_are_quantised_and_each_is_told_its_place_and_shape()
    {
        using var model = TinyBertModel.Create(withProjection: true);
        var path = Path.Combine(model.Folder, "model.onnx");
        var seen = new List<MatMulSite>();

        var (kept, none) = Int8Quantizer.Quantize(path, site => { seen.Add(site); return false; });
        var (_, all) = Int8Quantizer.Quantize(path, _ => true);

        Assert.Equal(0, none);
        Assert.Contains(kept.Graph.Node, n => n.OpType == "MatMul");
        Assert.DoesNotContain(kept.Graph.Node, n => n.OpType == "MatMulInteger");
        var site = Assert.Single(seen); // the projection: square, so neither feed-forward MatMul, in layer 0
        Assert.Equal((0, false, false, 0), (site.Index, site.IsFeedForwardIn, site.IsFeedForwardOut, site.Layer));
        Assert.Equal(site.Rows, site.Columns);
        Assert.Equal(1, all);
        Assert.True(new MatMulSite(10, 384, 1536).IsFeedForwardIn && new MatMulSite(11, 1536, 384).IsFeedForwardOut && new MatMulSite(11, 1536, 384).Layer == 1);
    }

    [Fact]
    public void Weights_are_symmetric_int8_with_one_scale_per_column()
    {
        var (values, scales) = Int8Quantizer.Columns([1f, -0.5f, 0.25f, 2f, 0f, -4f], 3, 2);

        Assert.Equal([1f / 127, 4f / 127], scales);
        Assert.Equal(new sbyte[] { 127, -16, 32, 64, 0, -127 }, values.Select(v => (sbyte)v).ToArray());
    }

    [Fact]
    public void Int8_vectors_get_their_own_key_but_keep_the_float_model_s_rankers()
    {
        var data = Path.Combine(Path.GetTempPath(), "bot-data-" + Guid.NewGuid().ToString("N"));
        var options = new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelName = "all-MiniLM-L6-v2", Quantization = ModelQuantization.Int8 };

        Assert.Equal("onnx:all-MiniLM-L6-v2:int8", EmbeddingGeneratorFactory.ModelKey(options, data));
        Assert.Equal("onnx:all-MiniLM-L6-v2", EmbeddingGeneratorFactory.ModelKey(new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelName = "all-MiniLM-L6-v2", Quantization = ModelQuantization.None }, data));
        using var fake = new Indexing.CountingEmbeddingGenerator();
        var setup = new EmbeddingSetup(fake, EmbeddingProvider.Onnx, "all-MiniLM-L6-v2", "test", 8, options);
        Assert.Equal(("onnx:all-MiniLM-L6-v2:int8", "onnx:all-MiniLM-L6-v2"), (setup.ModelKey, setup.TrainedModelKey));
        var openAi = new EmbeddingOptions { Provider = EmbeddingProvider.OpenAI, Endpoint = "http://127.0.0.1:1/v1", Model = "m", Quantization = ModelQuantization.Int8 };
        Assert.Contains("Bot:Embeddings:Quantization is Int8", Assert.Single(EmbeddingOptionsValidator.GetErrors(openAi)), StringComparison.Ordinal);
        Assert.False(Directory.Exists(data));
    }

    [Fact]
    public void Onnx_models_run_float_unless_set_to_int8_and_an_endpoint_is_never_quantised()
    {
        var data = Path.Combine(Path.GetTempPath(), "bot-data-" + Guid.NewGuid().ToString("N"));

        var onnx = new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelName = "all-MiniLM-L6-v2" };
        Assert.Equal(ModelQuantization.None, onnx.QuantizationFor(EmbeddingProvider.Onnx));
        Assert.Equal("onnx:all-MiniLM-L6-v2", EmbeddingGeneratorFactory.ModelKey(onnx, data));
        var openAi = new EmbeddingOptions { Provider = EmbeddingProvider.OpenAI, Endpoint = "http://127.0.0.1:1/v1", Model = "m" };
        Assert.Empty(EmbeddingOptionsValidator.GetErrors(openAi));
        using var fake = new Indexing.CountingEmbeddingGenerator();
        Assert.Equal(ModelQuantization.None, new EmbeddingSetup(fake, EmbeddingProvider.OpenAI, "m", "test", 8, openAi).Quantization);
        Assert.Equal("openai:m", EmbeddingGeneratorFactory.ModelKey(openAi, data));
        Assert.False(Directory.Exists(data));
    }

    [Fact]
    public async Task Processes_starting_at_once_share_one_whole_copy()
    {
        using var model = TinyBertModel.Create(withProjection: true);
        var modelPath = Path.Combine(model.Folder, "model.onnx");
        using var start = new Barrier(4);

        var paths = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait(TestTimeout.Token());
            return Int8Quantizer.Ensure(modelPath, null, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).Path!;
        })));

        var copy = Assert.Single(paths.Distinct());
        Assert.Equal([copy], Int8Copies(model.Folder));
        Assert.Empty(Directory.GetFiles(model.Folder, "*.part"));
        Assert.Contains(ModelProto.Parser.ParseFrom(File.ReadAllBytes(copy)).Graph.Node, n => n.OpType == "MatMulInteger");
    }

    [Fact]
    public void A_copy_half_written_by_a_killed_process_is_never_used_and_is_removed_once_stale()
    {
        using var model = TinyBertModel.Create(withProjection: true);
        var modelPath = Path.Combine(model.Folder, "model.onnx");
        var beside = Int8Quantizer.BesidePath(modelPath);
        var stale = beside + ".0123456789abcdef0123456789abcdef.part";
        var fresh = beside + ".fedcba9876543210fedcba9876543210.part";
        File.WriteAllBytes(stale, [1, 2, 3]);
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-2));
        File.WriteAllBytes(fresh, [1, 2, 3]); // perhaps another process still writing

        var copy = Int8Quantizer.Ensure(modelPath, null, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).Path!;

        Assert.Equal(beside, copy);
        Assert.Contains(ModelProto.Parser.ParseFrom(File.ReadAllBytes(copy)).Graph.Node, n => n.OpType == "MatMulInteger");
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
    }

    [Fact]
    public async Task A_model_folder_that_cannot_take_the_copy_gets_it_in_the_fallback_folder_or_runs_it_from_memory_with_one_warning()
    {
        using var model = TinyBertModel.Create(withProjection: true);
        var modelPath = Path.Combine(model.Folder, "model.onnx");
        // The tests run as root, for whom a read-only folder is still writable: a directory in the copy's place makes the
        // rename into the model's folder fail the same way.
        Directory.CreateDirectory(Int8Quantizer.BesidePath(modelPath));
        var fallback = Path.Combine(Path.GetTempPath(), Path.GetFileName(model.Folder) + "-data", "models", "int8");
        try
        {
            float[] fromMemory;
            using (var logs = new RecordingLoggerProvider())
            using (var loggers = LoggerFactory.Create(b => b.AddProvider(logs)))
            using (var uncached = new OnnxEmbeddingGenerator(model.Folder, new OnnxEmbeddingGeneratorOptions { Int8Weights = true }, loggers.CreateLogger<OnnxEmbeddingGenerator>()))
            {
                fromMemory = (await uncached.GenerateAsync(["the cat sat on the mat."], cancellationToken: TestTimeout.Token()))[0].Vector.ToArray();
                var warning = Assert.Single(logs.Lines, l => l.Level >= LogLevel.Warning);
                Assert.Contains("running the model uncached", warning.Text, StringComparison.Ordinal);
                Assert.Contains(model.Folder, warning.Text, StringComparison.Ordinal);
            }

            Assert.Empty(Int8Copies(model.Folder));
            Assert.Empty(Directory.GetFiles(model.Folder, "*.part"));

            using (var int8 = new OnnxEmbeddingGenerator(model.Folder, new OnnxEmbeddingGeneratorOptions { Int8Weights = true, Int8FallbackFolder = fallback }))
            {
                // The same int8 model, from the file this time (through the optimised graph: equal up to rounding).
                var fromFile = (await int8.GenerateAsync(["the cat sat on the mat."], cancellationToken: TestTimeout.Token()))[0].Vector.ToArray();
                Assert.True(TensorPrimitives.CosineSimilarity(fromMemory, fromFile) > 0.9999f);
            }

            var copy = Assert.Single(Directory.GetFiles(fallback, "*.onnx"), f => !f.Contains(".optimized-", StringComparison.Ordinal));
            Assert.Equal(Path.GetFullPath(Int8Quantizer.FallbackPath(modelPath, fallback)), Path.GetFullPath(copy));
            var written = File.GetLastWriteTimeUtc(copy);
            Assert.Equal(copy, Int8Quantizer.Ensure(modelPath, fallback, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).Path);
            Assert.Equal(written, File.GetLastWriteTimeUtc(copy)); // reused, not written again
            Assert.Empty(Int8Copies(model.Folder));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(fallback))!, recursive: true);
        }
    }
}
