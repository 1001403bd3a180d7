using Bot.Core.Embeddings;
using Microsoft.Extensions.AI;

namespace Bot.Core.Tests.Embeddings;

public sealed class EmbeddingSetupTests
{
    /// <summary>A generator that records every call's texts and returns, per text, a vector naming it: [length, first char].</summary>
    private sealed class RecordingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        public List<List<string>> Batches { get; } = [];

        public int? ShortBy { get; init; }

        public static float[] VectorFor(string text) => [text.Length, text.Length == 0 ? 0 : text[0]];

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var batch = values.ToList();
            Batches.Add(batch);
            var vectors = batch.Skip(ShortBy ?? 0).Select(t => new Embedding<float>(VectorFor(t)));
            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(vectors));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    private static EmbeddingSetup SetupWith(RecordingGenerator generator, int? batchSize) =>
        new(generator, EmbeddingProvider.Onnx, "all-MiniLM-L6-v2", "ONNX", 2, new EmbeddingOptions { BatchSize = batchSize });

    [Fact]
    public async Task Passages_are_embedded_in_batches_of_similar_length_and_returned_in_input_order()
    {
        // Distinct first letters and lengths from 1 to 200 characters, shuffled.
        var random = new Random(7);
        var passages = Enumerable.Range(0, 21)
            .Select(i => (char)('a' + i) + new string('x', random.Next(0, 200)))
            .ToArray();
        var generator = new RecordingGenerator();
        using var setup = SetupWith(generator, batchSize: null);

        var vectors = await setup.EmbedPassagesAsync(passages, cancellationToken: TestTimeout.Token());

        // Output i belongs to input i.
        Assert.Equal(passages.Length, vectors.Count);
        for (var i = 0; i < passages.Length; i++)
        {
            Assert.Equal(RecordingGenerator.VectorFor(passages[i]), vectors[i]);
        }

        // ONNX default batch size 8: 8 + 8 + 5, shortest first, so no batch overlaps another's length range.
        Assert.Equal([8, 8, 5], generator.Batches.Select(b => b.Count));
        Assert.Equal(passages.Order(StringComparer.Ordinal), generator.Batches.SelectMany(b => b).Order(StringComparer.Ordinal));
        var lengths = generator.Batches.SelectMany(b => b.Select(t => t.Length)).ToList();
        Assert.Equal(lengths.Order(), lengths);
        for (var b = 1; b < generator.Batches.Count; b++)
        {
            Assert.True(generator.Batches[b - 1].Max(t => t.Length) <= generator.Batches[b].Min(t => t.Length));
        }
    }

    [Fact]
    public async Task A_long_passage_does_not_share_a_batch_with_short_sentences()
    {
        string[] passages = ["Short one.", new string('p', 1500), "Tiny.", "Also short.", "Brief.", new string('q', 1400)];
        var generator = new RecordingGenerator();
        using var setup = SetupWith(generator, batchSize: 4);

        var vectors = await setup.EmbedPassagesAsync(passages, cancellationToken: TestTimeout.Token());

        Assert.Equal(["Tiny.", "Brief.", "Short one.", "Also short."], generator.Batches[0]);
        Assert.Equal([new string('q', 1400), new string('p', 1500)], generator.Batches[1]);
        Assert.Equal(passages.Select(RecordingGenerator.VectorFor), vectors);
    }

    [Fact]
    public async Task Progress_counts_the_passages_done_after_each_batch()
    {
        var generator = new RecordingGenerator();
        using var setup = SetupWith(generator, batchSize: 3);
        var progress = new List<int>();

        await setup.EmbedPassagesAsync(["a", "bb", "ccc", "dddd", "eeeee", "ffffff", "g"], new SynchronousProgress(progress.Add), TestTimeout.Token());

        Assert.Equal([3, 6, 7], progress);
    }

    [Fact]
    public async Task No_passages_means_no_call()
    {
        var generator = new RecordingGenerator();
        using var setup = SetupWith(generator, batchSize: null);

        var vectors = await setup.EmbedPassagesAsync([], cancellationToken: TestTimeout.Token());

        Assert.Empty(vectors);
        Assert.Empty(generator.Batches);
    }

    [Fact]
    public async Task A_generator_that_returns_too_few_vectors_is_an_error_not_a_misaligned_index()
    {
        var generator = new RecordingGenerator { ShortBy = 1 };
        using var setup = SetupWith(generator, batchSize: null);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => setup.EmbedPassagesAsync(["one", "two"], cancellationToken: TestTimeout.Token()));

        Assert.Contains("1 vectors for 2 passages", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EmbeddingProvider.Onnx, null, 8)]
    [InlineData(EmbeddingProvider.OpenAI, null, 32)]
    [InlineData(EmbeddingProvider.Onnx, 3, 3)]
    [InlineData(EmbeddingProvider.OpenAI, 100, 100)]
    public void The_setup_uses_the_configured_batch_size_or_the_providers_default(EmbeddingProvider provider, int? configured, int expected)
    {
        using var setup = new EmbeddingSetup(new RecordingGenerator(), provider, "m", "via", null, new EmbeddingOptions { BatchSize = configured });

        Assert.Equal(expected, setup.BatchSize);
    }
}
