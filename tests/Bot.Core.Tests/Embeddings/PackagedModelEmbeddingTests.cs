using System.Numerics.Tensors;
using Bot.Core.Embeddings;
using Bot.Core.Tests.TestSupport;
using Xunit.Abstractions;

namespace Bot.Core.Tests.Embeddings;

/// <summary>
/// One factory-made all-MiniLM-L6-v2 setup (unpacked from the package into a fresh data folder) for the class, with the
/// float weights (<c>Quantization=None</c>): these tests pin that a vector does not depend on its batch, which holds for
/// the float model only — the int8 option quantises each run's activations with one scale for the whole batch
/// (docs/benchmarks.md, "Int8 weights, measured as the default"); the int8 copy is tested in <see cref="Int8QuantizerTests"/>.
/// </summary>
public sealed class PackagedModelFixture : IDisposable
{
    private readonly TempFolder _data = new();

    public PackagedModelFixture()
    {
        DataPath = _data.Path;
        Setup = EmbeddingGeneratorFactory.Create(new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelName = "all-MiniLM-L6-v2", Quantization = ModelQuantization.None }, DataPath)
            ?? throw new InvalidOperationException("The factory made no setup for the packaged model.");
    }

    public string DataPath { get; }

    public EmbeddingSetup Setup { get; }

    public OnnxEmbeddingGenerator Generator => (OnnxEmbeddingGenerator)Setup.Generator;

    public async Task<float[]> EmbedAsync(string text) =>
        (await Generator.GenerateAsync([text], cancellationToken: TestTimeout.Token(120)))[0].Vector.ToArray();

    public void Dispose()
    {
        Setup.Dispose();
        _data.Dispose();
    }
}

/// <summary>The real packaged model through the real code path: <see cref="EmbeddingGeneratorFactory"/> → ONNX Runtime.</summary>
[Integration(TestCategory.Model)]
public sealed class PackagedModelEmbeddingTests(PackagedModelFixture model, ITestOutputHelper output) : IClassFixture<PackagedModelFixture>
{
    private const string Delisted = "Russia removed the Taliban from its list of terrorist organisations.";
    private const string Paraphrase = "Moscow delisted the Taliban as a terrorist group.";
    private const string Unrelated = "The recipe needs two cups of flour.";

    [Fact]
    public void Packaged_model_settings_come_from_its_unpacked_sentence_transformers_files()
    {
        var settings = model.Generator.Settings;

        Assert.Equal("all-MiniLM-L6-v2", settings.ModelId);
        Assert.Equal(384, settings.Dimensions);
        Assert.Equal(PoolingMode.Mean, settings.Pooling);
        Assert.True(settings.LowerCase);
        Assert.Equal(256, settings.MaxSequenceLength);
        Assert.Equal(384, model.Setup.Dimensions);
    }

    [Fact]
    public async Task Packaged_model_embeddings_have_384_dimensions_and_unit_length()
    {
        var vector = await model.EmbedAsync(Delisted);

        Assert.Equal(384, vector.Length);
        Assert.Equal(1.0, TensorPrimitives.Norm(vector), 1e-4);
        Assert.Contains(vector, x => Math.Abs(x) > 0.05f);
        Assert.All(vector, x => Assert.True(float.IsFinite(x)));
    }

    [Fact]
    public async Task Packaged_model_puts_a_paraphrase_closer_than_an_unrelated_sentence()
    {
        var delisted = await model.EmbedAsync(Delisted);
        var paraphrase = await model.EmbedAsync(Paraphrase);
        var unrelated = await model.EmbedAsync(Unrelated);

        var close = TensorPrimitives.CosineSimilarity(delisted, paraphrase);
        var far = TensorPrimitives.CosineSimilarity(delisted, unrelated);
        output.WriteLine($"paraphrase {close:F3}, unrelated {far:F3}");

        Assert.True(close > 0.5f, $"paraphrase cosine {close}");
        Assert.True(far < 0.2f, $"unrelated cosine {far}");
        Assert.True(close > far + 0.3f, $"paraphrase {close} vs unrelated {far}");
    }

    [Fact]
    public async Task Packaged_model_lower_cases_its_input()
    {
        var mixed = await model.EmbedAsync(Paraphrase);
        var upper = await model.EmbedAsync(Paraphrase.ToUpperInvariant());

        Assert.Equal(model.Generator.Tokenize(Paraphrase), model.Generator.Tokenize(Paraphrase.ToUpperInvariant()));
        AssertClose(mixed, upper, 1e-6f);
    }

    [Fact]
    public async Task Packaged_model_gives_the_same_vectors_in_a_padded_batch_as_one_at_a_time()
    {
        string[] texts =
        [
            Delisted,
            "Taliban.",
            Unrelated,
            "In April, Russia’s Supreme Court removed the Taliban from its list of terrorist organisations, a step that " +
            "Afghanistan’s Foreign Minister, Amir Khan Muttaqi, praised as the start of a new chapter in relations between the two countries.",
            Paraphrase,
            "Who praised the step?",
            "a",
            "The keeper counted 42 ships in March.",
            "When did Russia delist the Taliban?",
            "Flour, sugar, eggs.",
        ];

        // Ten texts of 3 to 40 tokens: batches of 8 and 2 under the default batch size, each padded to its longest.
        Assert.Equal(8, model.Setup.BatchSize);
        var batched = await model.Generator.GenerateAsync(texts, cancellationToken: TestTimeout.Token(120));

        Assert.Equal(texts.Length, batched.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            var single = await model.EmbedAsync(texts[i]);
            var inBatch = batched[i].Vector.ToArray();
            output.WriteLine($"{i}: max difference {single.Zip(inBatch, (a, b) => Math.Abs(a - b)).Max():G3}");
            AssertClose(single, inBatch, 1e-4f);
            Assert.Equal(1.0, TensorPrimitives.CosineSimilarity(single, inBatch), 1e-5);
        }
    }

    [Fact]
    public async Task Packaged_model_passages_through_the_setup_match_direct_embeddings_in_input_order()
    {
        string[] passages = [Unrelated, "Taliban.", Delisted, Paraphrase];

        var vectors = await model.Setup.EmbedPassagesAsync(passages, cancellationToken: TestTimeout.Token(120));

        for (var i = 0; i < passages.Length; i++)
        {
            AssertClose(await model.EmbedAsync(passages[i]), vectors[i], 1e-4f);
        }
    }

    [Fact]
    public async Task Packaged_model_embedding_of_a_fixed_sentence_is_deterministic_across_loads()
    {
        var first = await model.EmbedAsync(Delisted);
        var again = await model.EmbedAsync(Delisted);

        // A second, independent load of the same (already unpacked) folder.
        using var other = EmbeddingGeneratorFactory.Create(new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelName = "all-MiniLM-L6-v2", Quantization = ModelQuantization.None }, model.DataPath)!;
        var fromOther = (await other.Generator.GenerateAsync([Delisted], cancellationToken: TestTimeout.Token(120)))[0].Vector.ToArray();

        Assert.Equal(first, again);
        AssertClose(first, fromOther, 1e-6f);
    }

    [Fact]
    public async Task Packaged_model_queries_get_no_prefix_and_embed_like_passages()
    {
        var query = await model.Setup.EmbedQueryAsync("when did Russia delist the Taliban?", TestTimeout.Token(120));
        var passage = await model.EmbedAsync("when did Russia delist the Taliban?");

        Assert.Equal(string.Empty, model.Setup.QueryPrefix);
        Assert.Equal(passage, query);
    }

    [Fact]
    public async Task Packaged_model_scores_the_delisting_sentence_above_a_side_remark_and_an_unrelated_sentence_for_the_seed_question()
    {
        var question = await model.Setup.EmbedQueryAsync("when did Russia delist the Taliban?", TestTimeout.Token(120));
        string[] sentences =
        [
            "In 2003, Russia blacklisted the Taliban as terrorists.",
            "In April, Russia’s Supreme Court removed the Taliban from its list of terrorist organisations.",
            "Afghanistan’s Foreign Minister, Amir Khan Muttaqi, praised the step.",
            Unrelated,
        ];

        var vectors = await model.Setup.EmbedPassagesAsync(sentences, cancellationToken: TestTimeout.Token(120));
        var scores = vectors.Select(v => TensorPrimitives.CosineSimilarity(question, v)).ToArray();
        output.WriteLine(string.Join(", ", scores.Select(s => s.ToString("F3", System.Globalization.CultureInfo.InvariantCulture))));

        // Not the top one by cosine alone: the 2003 blacklisting sentence scores higher (about 0.72 against 0.66), which is
        // why the ranker weighs the cosine with lexical and positional features rather than quoting the nearest sentence.
        Assert.True(scores[1] > scores[2] && scores[1] > scores[3], string.Join(", ", scores));
        Assert.True(scores[3] < scores[2], string.Join(", ", scores));
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"dimension {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
