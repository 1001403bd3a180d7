using Bot.Core.Embeddings;
using Microsoft.Extensions.AI;

namespace Bot.Core.Tests.Embeddings;

public sealed class OnnxEmbeddingGeneratorTests
{
    private const float Tolerance = 1e-5f;

    private static readonly Dictionary<string, object> MiniLmLayout = new()
    {
        ["config.json"] = new { max_position_embeddings = 512, hidden_size = TinyBertModel.Dim },
        ["tokenizer_config.json"] = new { do_lower_case = true, model_max_length = 512 },
        ["sentence_bert_config.json"] = new { max_seq_length = 256, do_lower_case = false },
        ["1_Pooling/config.json"] = new { word_embedding_dimension = TinyBertModel.Dim, pooling_mode_cls_token = false, pooling_mode_mean_tokens = true },
    };

    private static readonly Dictionary<string, object> BgeLayout = new()
    {
        ["config.json"] = new { max_position_embeddings = 512, hidden_size = TinyBertModel.Dim },
        ["tokenizer_config.json"] = new { do_lower_case = true, model_max_length = 512 },
        ["sentence_bert_config.json"] = new { max_seq_length = 512, do_lower_case = true },
        ["1_Pooling/config.json"] = new { word_embedding_dimension = TinyBertModel.Dim, pooling_mode_cls_token = true, pooling_mode_mean_tokens = false },
    };

    private static int[] Ids(params string[] tokens) => [2, .. tokens.Select(t => t == "[UNK]" ? 1 : TinyBertModel.Id(t)), 3];

    [Fact]
    public async Task Mean_pooled_embedding_matches_the_table_computed_independently()
    {
        using var model = TinyBertModel.Create();
        using var generator = new OnnxEmbeddingGenerator(model.Folder);

        var result = await generator.GenerateAsync(["The cat is playing."], cancellationToken: TestTimeout.Token());

        // Lower-cased WordPiece: the cat [UNK] play ##ing . between [CLS] and [SEP].
        var ids = Ids("the", "cat", "[UNK]", "play", "##ing", ".");
        Assert.Equal(ids, generator.Tokenize("The cat is playing."));
        AssertClose(TinyBertModel.Expected(ids, cls: false), result[0].Vector.Span);
        Assert.Equal(ids.Length, result.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task Cls_pooling_from_the_bge_layout_uses_the_first_token_vector()
    {
        using var model = TinyBertModel.Create(files: BgeLayout);
        using var generator = new OnnxEmbeddingGenerator(model.Folder);

        var result = await generator.GenerateAsync(["hello world", "the dog runs"], cancellationToken: TestTimeout.Token());

        Assert.Equal(PoolingMode.Cls, generator.Settings.Pooling);
        Assert.Equal(512, generator.Settings.MaxSequenceLength);
        Assert.True(generator.Settings.LowerCase);
        var expected = TinyBertModel.Expected(Ids("hello", "world"), cls: true);
        AssertClose(expected, result[0].Vector.Span);
        AssertClose(expected, result[1].Vector.Span); // CLS pooling ignores everything after [CLS] in this toy model.
    }

    [Fact]
    public void MiniLm_layout_resolves_mean_pooling_and_the_sentence_transformers_length()
    {
        using var model = TinyBertModel.Create(files: MiniLmLayout);
        using var generator = new OnnxEmbeddingGenerator(model.Folder);

        Assert.Equal(PoolingMode.Mean, generator.Settings.Pooling);
        Assert.Equal(256, generator.Settings.MaxSequenceLength);
        Assert.True(generator.Settings.LowerCase);
        Assert.Equal(TinyBertModel.Dim, generator.Settings.Dimensions);
        Assert.Equal(["input_ids", "attention_mask", "token_type_ids"], generator.Settings.InputNames);
        Assert.Equal("last_hidden_state", generator.Settings.OutputName);
    }

    [Fact]
    public async Task Batches_of_different_lengths_are_padded_without_changing_any_embedding()
    {
        using var model = TinyBertModel.Create();
        using var generator = new OnnxEmbeddingGenerator(model.Folder, new OnnxEmbeddingGeneratorOptions { BatchSize = 2 });
        string[] texts = ["cat", "the cat sat on the mat.", "hello, world", "dog", "the dog runs on the mat, playing"];
        int[][] ids =
        [
            Ids("cat"),
            Ids("the", "cat", "sat", "on", "the", "mat", "."),
            Ids("hello", ",", "world"),
            Ids("dog"),
            Ids("the", "dog", "runs", "on", "the", "mat", ",", "play", "##ing"),
        ];

        var together = await generator.GenerateAsync(texts, cancellationToken: TestTimeout.Token());

        Assert.Equal(texts.Length, together.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(ids[i], generator.Tokenize(texts[i]));
            AssertClose(TinyBertModel.Expected(ids[i], cls: false), together[i].Vector.Span);
            var alone = await generator.GenerateAsync([texts[i]], cancellationToken: TestTimeout.Token());
            AssertClose(alone[0].Vector.Span, together[i].Vector.Span);
            Assert.Equal(1f, Norm(together[i].Vector.Span), 5);
        }
    }

    [Fact]
    public async Task A_model_without_token_type_ids_gets_only_the_inputs_it_declares()
    {
        using var model = TinyBertModel.Create(withTokenTypeIds: false);
        using var generator = new OnnxEmbeddingGenerator(model.Folder);

        var result = await generator.GenerateAsync(["the mat", "cat"], cancellationToken: TestTimeout.Token());

        Assert.Equal(["input_ids", "attention_mask"], generator.Settings.InputNames);
        AssertClose(TinyBertModel.Expected(Ids("the", "mat"), cls: false, withTokenTypeIds: false), result[0].Vector.Span);
        AssertClose(TinyBertModel.Expected(Ids("cat"), cls: false, withTokenTypeIds: false), result[1].Vector.Span);
    }

    [Fact]
    public async Task Long_texts_are_truncated_to_the_maximum_length_keeping_cls_and_sep()
    {
        using var model = TinyBertModel.Create(files: new Dictionary<string, object> { ["sentence_bert_config.json"] = new { max_seq_length = 5 } });
        using var generator = new OnnxEmbeddingGenerator(model.Folder);

        var result = await generator.GenerateAsync(["the cat sat on the mat"], cancellationToken: TestTimeout.Token());

        var ids = Ids("the", "cat", "sat");
        Assert.Equal(ids, generator.Tokenize("the cat sat on the mat"));
        AssertClose(TinyBertModel.Expected(ids, cls: false), result[0].Vector.Span);
    }

    [Fact]
    public void A_cased_tokenizer_config_keeps_capitals_so_unknown_words_become_unk()
    {
        using var model = TinyBertModel.Create(files: new Dictionary<string, object> { ["tokenizer_config.json"] = new { do_lower_case = false } });
        using var generator = new OnnxEmbeddingGenerator(model.Folder);

        Assert.False(generator.Settings.LowerCase);
        Assert.Equal(Ids("[UNK]", "world"), generator.Tokenize("Hello world"));
    }

    [Fact]
    public void An_uncased_vocabulary_holding_unicode_capital_symbols_is_still_read_as_uncased()
    {
        // all-MiniLM-L6-v2's vocabulary is uncased but holds 'ℝ' (a Unicode upper-case letter); without a
        // tokenizer_config.json the folder must still be read as lower-casing, or every capitalised word turns [UNK].
        using var model = TinyBertModel.Create();
        File.AppendAllLines(Path.Combine(model.Folder, "vocab.txt"), ["ℝ"]);
        using var generator = new OnnxEmbeddingGenerator(model.Folder);

        Assert.True(generator.Settings.LowerCase);
        Assert.Equal(Ids("hello", "world"), generator.Tokenize("Hello world"));
    }

    [Fact]
    public async Task Concurrent_calls_return_the_same_vectors()
    {
        using var model = TinyBertModel.Create();
        using var generator = new OnnxEmbeddingGenerator(model.Folder, new OnnxEmbeddingGeneratorOptions { BatchSize = 3 });
        string[] texts = ["cat", "the mat", "hello world", "dog runs", "playing"];
        var reference = await generator.GenerateAsync(texts, cancellationToken: TestTimeout.Token());

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => generator.GenerateAsync(texts, cancellationToken: TestTimeout.Token())));

        foreach (var result in results)
        {
            for (var i = 0; i < texts.Length; i++)
            {
                Assert.Equal(reference[i].Vector.ToArray(), result[i].Vector.ToArray());
            }
        }
    }

    [Fact]
    public void Metadata_reports_the_model_and_its_dimensions()
    {
        using var model = TinyBertModel.Create();
        using var generator = new OnnxEmbeddingGenerator(model.Folder, new OnnxEmbeddingGeneratorOptions { ModelId = "tiny" });

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("onnx", metadata.ProviderName);
        Assert.Equal("tiny", metadata.DefaultModelId);
        Assert.Equal(TinyBertModel.Dim, metadata.DefaultModelDimensions);
    }

    [Fact]
    public async Task A_cancelled_call_throws_operation_cancelled()
    {
        using var model = TinyBertModel.Create();
        using var generator = new OnnxEmbeddingGenerator(model.Folder);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(["cat"], cancellationToken: cts.Token));
    }

    [Fact]
    public async Task A_disposed_generator_refuses_work()
    {
        using var model = TinyBertModel.Create();
        var generator = new OnnxEmbeddingGenerator(model.Folder);
        generator.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => generator.GenerateAsync(["cat"], cancellationToken: TestTimeout.Token()));
    }

    [Fact]
    public void A_missing_model_folder_says_how_to_get_a_model()
    {
        var folder = Path.Combine(Path.GetTempPath(), "bot-no-such-model-" + Guid.NewGuid().ToString("N"));

        var ex = Assert.Throws<EmbeddingModelException>(() => new OnnxEmbeddingGenerator(folder));

        Assert.Contains(folder, ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
        Assert.Contains("bot model pull", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_vocabulary_is_named()
    {
        using var model = TinyBertModel.Create();
        File.Delete(Path.Combine(model.Folder, "vocab.txt"));

        var ex = Assert.Throws<EmbeddingModelException>(() => new OnnxEmbeddingGenerator(model.Folder));

        Assert.Contains("no vocab.txt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_file_is_named()
    {
        using var model = TinyBertModel.Create();
        File.Delete(Path.Combine(model.Folder, "model.onnx"));

        var ex = Assert.Throws<EmbeddingModelException>(() => new OnnxEmbeddingGenerator(model.Folder));

        Assert.Contains("no model.onnx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unexpected_output_name_is_reported_with_the_names_the_model_has()
    {
        using var model = TinyBertModel.Create(outputName: "logits");

        var ex = Assert.Throws<EmbeddingModelException>(() => new OnnxEmbeddingGenerator(model.Folder));

        Assert.Contains("[logits]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("last_hidden_state", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_output_name_is_used()
    {
        using var model = TinyBertModel.Create(outputName: "hidden");
        using var generator = new OnnxEmbeddingGenerator(model.Folder, new OnnxEmbeddingGeneratorOptions { OutputName = "hidden" });

        var result = await generator.GenerateAsync(["cat"], cancellationToken: TestTimeout.Token());

        AssertClose(TinyBertModel.Expected(Ids("cat"), cls: false), result[0].Vector.Span);
    }

    private static float Norm(ReadOnlySpan<float> v)
    {
        double sum = 0;
        foreach (var x in v)
        {
            sum += x * x;
        }

        return (float)Math.Sqrt(sum);
    }

    [Fact]
    public async Task Token_vectors_are_each_tokens_output_normalised_without_cls_and_sep_in_input_order()
    {
        using var model = TinyBertModel.Create();
        using var generator = new OnnxEmbeddingGenerator(model.Folder, new OnnxEmbeddingGeneratorOptions { BatchSize = 2 });

        // Three texts of different lengths in batches of two: padding must not reach any token's vector.
        var result = await generator.GenerateTokenVectorsAsync(["the cat", "hello world runs .", "dog"], TestTimeout.Token());

        Assert.True(generator.HasTokenOutput);
        string[][] tokens = [["the", "cat"], ["hello", "world", "runs", "."], ["dog"]];
        for (var i = 0; i < tokens.Length; i++)
        {
            Assert.Equal(tokens[i].Select(TinyBertModel.Id), result[i].Ids);
            Assert.Equal(TinyBertModel.Dim, result[i].Dimensions);
            for (var t = 0; t < tokens[i].Length; t++)
            {
                var raw = TinyBertModel.TokenVector(TinyBertModel.Id(tokens[i][t]));
                var norm = Math.Sqrt(raw.Sum(v => (double)v * v));
                AssertClose(raw.Select(v => (float)(v / norm)).ToArray(), result[i][t]);
            }
        }
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < Tolerance, $"Dimension {i}: expected {expected[i]}, got {actual[i]}.");
        }
    }
}
