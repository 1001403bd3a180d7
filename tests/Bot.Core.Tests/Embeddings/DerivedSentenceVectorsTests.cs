using Bot.Core.Embeddings;

namespace Bot.Core.Tests.Embeddings;

/// <summary>
/// Sentence vectors pooled from the passage's forward pass (<see cref="SentenceVectorMode.Derived"/>), against the tiny
/// model whose every output is computed independently here (<see cref="TinyBertModel"/>: a token's output depends on
/// its id alone, so a span's mean pool is the mean of its tokens' table rows).
/// </summary>
public sealed class DerivedSentenceVectorsTests
{
    private const float Tolerance = 1e-5f;

    private static int[] Tokens(params string[] tokens) => tokens.Select(TinyBertModel.Id).ToArray();

    private static (int, int) SpanOf(string text, string part)
    {
        int start = text.IndexOf(part, StringComparison.Ordinal);
        Assert.True(start >= 0, part);
        return (start, start + part.Length);
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], Tolerance);
    }

    [Fact]
    public async Task Each_sentence_gets_the_mean_pool_of_its_own_tokens_in_the_passage_s_run_and_the_passage_its_usual_vector()
    {
        using var model = TinyBertModel.Create();
        using var generator = new OnnxEmbeddingGenerator(model.Folder);
        const string passage = "The cat sat on the mat. The dog runs on the mat, playing";
        var spans = new[] { SpanOf(passage, "The cat sat on the mat."), SpanOf(passage, "The dog runs on the mat, playing") };

        var result = Assert.Single(await generator.GenerateWithSpansAsync([new SpannedText(passage, spans)], TestTimeout.Token()));

        // A span's pool holds its WordPieces only (no [CLS] / [SEP]), unlike the sentence embedded alone.
        AssertClose(TinyBertModel.Expected(Tokens("the", "cat", "sat", "on", "the", "mat", "."), cls: false), result.Spans[0]);
        AssertClose(TinyBertModel.Expected(Tokens("the", "dog", "runs", "on", "the", "mat", ",", "play", "##ing"), cls: false), result.Spans[1]);
        var alone = await generator.GenerateAsync([passage], cancellationToken: TestTimeout.Token());
        AssertClose(alone[0].Vector.Span, result.Text);
    }

    [Fact]
    public async Task A_passage_longer_than_the_model_s_maximum_pools_the_sentences_past_it_from_windows()
    {
        // Six WordPieces between [CLS] and [SEP].
        using var model = TinyBertModel.Create(files: new Dictionary<string, object> { ["sentence_bert_config.json"] = new { max_seq_length = 8 } });
        using var generator = new OnnxEmbeddingGenerator(model.Folder, new OnnxEmbeddingGeneratorOptions { BatchSize = 2 });
        const string passage = "The cat sat. The dog runs. Hello world. The cat sat on the mat on the mat.";
        string[] sentences = ["The cat sat.", "The dog runs.", "Hello world.", "The cat sat on the mat on the mat."];

        var result = Assert.Single(await generator.GenerateWithSpansAsync(
            [new SpannedText(passage, sentences.Select(s => SpanOf(passage, s)).ToList())], TestTimeout.Token()));

        AssertClose(TinyBertModel.Expected(Tokens("the", "cat", "sat", "."), cls: false), result.Spans[0]); // in the passage's own run
        AssertClose(TinyBertModel.Expected(Tokens("the", "dog", "runs", "."), cls: false), result.Spans[1]); // past it: a window
        AssertClose(TinyBertModel.Expected(Tokens("hello", "world", "."), cls: false), result.Spans[2]);
        // Longer than the maximum itself: its first six WordPieces, as its own vector would be truncated.
        AssertClose(TinyBertModel.Expected(Tokens("the", "cat", "sat", "on", "the", "mat"), cls: false), result.Spans[3]);
        var alone = await generator.GenerateAsync([passage], cancellationToken: TestTimeout.Token());
        AssertClose(alone[0].Vector.Span, result.Text); // the passage's vector is still its truncated run's
    }

    [Fact]
    public async Task Spans_that_overlap_get_their_separate_vectors()
    {
        using var model = TinyBertModel.Create();
        using var generator = new OnnxEmbeddingGenerator(model.Folder);
        const string passage = "the cat sat on the mat.";

        var result = Assert.Single(await generator.GenerateWithSpansAsync(
            [new SpannedText(passage, [SpanOf(passage, "the cat sat"), SpanOf(passage, "sat on the mat.")])], TestTimeout.Token()));

        var alone = await generator.GenerateAsync(["the cat sat", "sat on the mat."], cancellationToken: TestTimeout.Token());
        AssertClose(alone[0].Vector.Span, result.Spans[0]);
        AssertClose(alone[1].Vector.Span, result.Spans[1]);
    }

    [Fact]
    public async Task A_span_outside_the_text_is_refused()
    {
        using var model = TinyBertModel.Create();
        using var generator = new OnnxEmbeddingGenerator(model.Folder);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateWithSpansAsync([new SpannedText("the cat", [(0, 40)])], TestTimeout.Token()));
        Assert.Contains("[0, 40)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Derived_sentence_vectors_need_the_onnx_provider_and_a_known_mode()
    {
        var openAi = new EmbeddingOptions { Provider = EmbeddingProvider.OpenAI, Endpoint = "http://127.0.0.1:1/v1", Model = "m", SentenceVectors = SentenceVectorMode.Derived };
        Assert.Contains("Bot:Embeddings:SentenceVectors is Derived", Assert.Single(EmbeddingOptionsValidator.GetErrors(openAi)), StringComparison.Ordinal);
        var unknown = new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelName = "all-MiniLM-L6-v2", SentenceVectors = (SentenceVectorMode)7 };
        Assert.Equal("Bot:Embeddings:SentenceVectors must be Separate or Derived; got '7'.", Assert.Single(EmbeddingOptionsValidator.GetErrors(unknown)));
        Assert.Empty(EmbeddingOptionsValidator.GetErrors(new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelName = "all-MiniLM-L6-v2", SentenceVectors = SentenceVectorMode.Derived }));
        // An endpoint's sentences are separate whatever the ONNX default is, and the key says which kind a vector is.
        Assert.Equal(SentenceVectorMode.Separate, new EmbeddingOptions().SentenceVectorsFor(EmbeddingProvider.OpenAI));
        Assert.Equal("onnx:all-MiniLM-L6-v2+derived", EmbeddingSetup.SentenceKeyOf("onnx:all-MiniLM-L6-v2", SentenceVectorMode.Derived));
        Assert.Equal("onnx:all-MiniLM-L6-v2", EmbeddingSetup.SentenceKeyOf("onnx:all-MiniLM-L6-v2", SentenceVectorMode.Separate));
    }
}
