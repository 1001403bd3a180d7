using Bot.Core.Search.Vectors;

namespace Bot.Core.Embeddings;

/// <summary>
/// The <c>Bot:Embeddings</c> configuration section. With <see cref="Provider"/> left at <see cref="EmbeddingProvider.None"/>
/// the bot uses lexical retrieval only and needs no model or key.
/// </summary>
public sealed class EmbeddingOptions
{
    public const string SectionName = "Bot:Embeddings";

    /// <summary>none (default), onnx or openai.</summary>
    public EmbeddingProvider Provider { get; set; } = EmbeddingProvider.None;

    /// <summary>ONNX: a known model name (see <see cref="KnownEmbeddingModels"/>), cached in <c>&lt;data&gt;/models/&lt;name&gt;/</c> by <c>bot model pull</c>.</summary>
    public string? ModelName { get; set; }

    /// <summary>ONNX: an explicit model folder (model.onnx + vocab.txt); wins over <see cref="ModelName"/>.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Base URL models are pulled from (Hugging Face layout: <c>{base}/{repo}/resolve/{revision}/{file}</c>).</summary>
    public string ModelSourceUrl { get; set; } = ModelDownloader.DefaultSourceUrl;

    /// <summary>ONNX: longest input in tokens including [CLS]/[SEP]; null takes the model's own setting.</summary>
    public int? MaxSequenceLength { get; set; }

    /// <summary>ONNX: pooling override; null takes the model's own setting (1_Pooling/config.json).</summary>
    public PoolingMode? Pooling { get; set; }

    /// <summary>Text put before search queries (not passages); null takes the known model's own (bge: its retrieval instruction), "" for none.</summary>
    public string? QueryPrefix { get; set; }

    /// <summary>
    /// ONNX: <see cref="ModelQuantization.Int8"/> runs an int8-weight copy of the model (written beside it once, or in the
    /// data folder when the model's folder cannot be written); <see cref="ModelQuantization.None"/> the model file as it
    /// is; <see cref="ModelQuantization.Int8Corpus"/> the int8 copy for the corpus at index time and the float model for
    /// the question at ask time. Null takes the provider's default (<see cref="QuantizationFor"/>). Switching between
    /// float and either int8 value re-embeds: the two are stored under different keys (Int8 and Int8Corpus share one).
    /// </summary>
    public ModelQuantization? Quantization { get; set; }

    /// <summary>
    /// What ONNX models get when <see cref="Quantization"/> is not set: the float model. <see cref="ModelQuantization.Int8Corpus"/>
    /// indexes 2.2× faster per CPU-second with quality within a point, but an int8 run's vectors depend on the other texts in
    /// its batch (activations are quantised per batch), so the same text can be stored with different bytes depending on
    /// what was indexed with it, e.g. after a killed run resumes (docs/benchmarks.md, "Int8 corpus, float question").
    /// </summary>
    public const ModelQuantization OnnxDefaultQuantization = ModelQuantization.None;

    /// <summary><see cref="Quantization"/>, or the provider's default (an endpoint's model is not ours to rewrite: none).</summary>
    public ModelQuantization QuantizationFor(EmbeddingProvider provider) =>
        provider == EmbeddingProvider.Onnx ? Quantization ?? OnnxDefaultQuantization : ModelQuantization.None;

    /// <summary>ONNX: threads one inference may use; null lets ONNX Runtime decide.</summary>
    public int? IntraOpThreads { get; set; }

    /// <summary>OpenAI-compatible: base URL, e.g. https://api.openai.com/v1, http://localhost:11434/v1 (Ollama), https://NAME.openai.azure.com/openai/v1/.</summary>
    public string? Endpoint { get; set; }

    /// <summary>OpenAI-compatible: API key (optional for local servers). Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>OpenAI-compatible: model (or Azure deployment) name, e.g. text-embedding-3-small, nomic-embed-text.</summary>
    public string? Model { get; set; }

    /// <summary>Inputs per request (OpenAI-compatible, default 32) or per inference run (ONNX, default 8: on a CPU small
    /// batches of similar length are faster than large padded ones and need far less memory).</summary>
    public int? BatchSize { get; set; }

    /// <summary><see cref="BatchSize"/>, or the provider's default.</summary>
    public int BatchSizeFor(EmbeddingProvider provider) => BatchSize ?? (provider == EmbeddingProvider.Onnx ? 8 : 32);

    /// <summary>
    /// Embedding calls the indexer keeps running at once while it stores the finished ones (1 to 16). Null takes the
    /// provider's default (<see cref="IndexConcurrencyFor"/>). The vectors are the same whatever the number: each call
    /// embeds the same texts in the same model batches.
    /// </summary>
    public int? IndexConcurrency { get; set; }

    /// <summary>
    /// <see cref="IndexConcurrency"/>, or the provider's default: for ONNX one call per logical CPU (at most 4), so a
    /// 2-core machine runs two forward passes at once while the store writes; for an endpoint 1 (its rate limits are not ours).
    /// </summary>
    public int IndexConcurrencyFor(EmbeddingProvider provider) =>
        IndexConcurrency ?? (provider == EmbeddingProvider.Onnx ? Math.Clamp(Environment.ProcessorCount, 1, 4) : 1);

    /// <summary>
    /// How sentence vectors are made: <see cref="SentenceVectorMode.Separate"/> (a forward pass per sentence) or
    /// <see cref="SentenceVectorMode.Derived"/> (pooled from the passage's pass; ONNX only). Null takes the provider's
    /// default (<see cref="SentenceVectorsFor"/>). Switching re-embeds the sentences: the two are stored under different keys.
    /// </summary>
    public SentenceVectorMode? SentenceVectors { get; set; }

    /// <summary>What ONNX models get when <see cref="SentenceVectors"/> is not set.</summary>
    public const SentenceVectorMode OnnxDefaultSentenceVectors = SentenceVectorMode.Separate;

    /// <summary><see cref="SentenceVectors"/>, or the provider's default (an endpoint gives no token outputs: separate).</summary>
    public SentenceVectorMode SentenceVectorsFor(EmbeddingProvider provider) =>
        SentenceVectors ?? (provider == EmbeddingProvider.Onnx ? OnnxDefaultSentenceVectors : SentenceVectorMode.Separate);

    /// <summary>OpenAI-compatible: requested output dimensions (models that support shortening, e.g. text-embedding-3-*); null for the model's own.</summary>
    public int? Dimensions { get; set; }

    /// <summary>OpenAI-compatible: retries after 429 / 5xx / connection failures.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>OpenAI-compatible: longest single wait between retries, in seconds (caps Retry-After).</summary>
    public double MaxRetryDelaySeconds { get; set; } = 30;

    /// <summary>OpenAI-compatible: time-out of one HTTP request, in seconds.</summary>
    public double RequestTimeoutSeconds { get; set; } = 100;

    /// <summary>Weight of the vector ranking in reciprocal rank fusion, relative to BM25's weight of 1.</summary>
    public double Weight { get; set; } = 1.0;

    /// <summary>Reciprocal rank fusion constant k.</summary>
    public int RrfK { get; set; } = ReciprocalRankFusion.DefaultK;

    /// <summary>How vectors are stored in the index.</summary>
    public VectorEncoding StorageEncoding { get; set; } = VectorEncoding.Float16;
}
