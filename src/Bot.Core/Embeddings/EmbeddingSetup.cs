using Bot.Core.Search.Vectors;
using Microsoft.Extensions.AI;

namespace Bot.Core.Embeddings;

/// <summary>
/// The active semantic-retrieval configuration made by <see cref="EmbeddingGeneratorFactory"/>: the generator plus what
/// the index and retriever need to use it. Owns (and disposes) the generator.
/// </summary>
public sealed class EmbeddingSetup : IDisposable
{
    /// <param name="generator">The model questions are embedded with (and, unless <paramref name="corpusGenerator"/> is given, the corpus).</param>
    /// <param name="corpusGenerator">With <see cref="ModelQuantization.Int8Corpus"/>: makes the model passages and sentences
    /// are embedded with at index time, called on the first such call (a process that only answers never makes it). Owned.</param>
    public EmbeddingSetup(IEmbeddingGenerator<string, Embedding<float>> generator, EmbeddingProvider provider, string modelName, string via, int? dimensions, EmbeddingOptions options,
        Func<IEmbeddingGenerator<string, Embedding<float>>>? corpusGenerator = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        ArgumentException.ThrowIfNullOrWhiteSpace(via);
        ArgumentNullException.ThrowIfNull(options);
        Generator = generator;
        Provider = provider;
        ModelName = modelName;
        Via = via;
        Dimensions = dimensions;
        Weight = options.Weight;
        RrfK = options.RrfK;
        StorageEncoding = options.StorageEncoding;
        BatchSize = options.BatchSizeFor(provider);
        IndexConcurrency = options.IndexConcurrencyFor(provider);
        SentenceVectors = options.SentenceVectorsFor(provider);
        Quantization = options.QuantizationFor(provider);
        _makeCorpus = corpusGenerator;
        QueryPrefix = options.QueryPrefix ?? (provider == EmbeddingProvider.Onnx ? KnownEmbeddingModels.Find(modelName)?.QueryPrefix : null) ?? string.Empty;
    }

    /// <summary>The model questions are embedded with (the question's vector, the token re-ranker's runs, sentences without a stored vector).</summary>
    public IEmbeddingGenerator<string, Embedding<float>> Generator { get; }

    private readonly Func<IEmbeddingGenerator<string, Embedding<float>>>? _makeCorpus;
    private readonly Lock _corpusGate = new();
    private IEmbeddingGenerator<string, Embedding<float>>? _corpus;
    private bool _disposed;

    /// <summary>
    /// The model the corpus's passage and sentence vectors are made with at index time (<see cref="EmbedPassagesAsync"/>):
    /// <see cref="Generator"/>, or with <see cref="ModelQuantization.Int8Corpus"/> the int8 copy, loaded on first use. A
    /// load that fails (say, the copy cannot be written) is not remembered: the next index run tries again.
    /// </summary>
    /// <exception cref="EmbeddingModelException">The int8 copy cannot be made or loaded.</exception>
    public IEmbeddingGenerator<string, Embedding<float>> CorpusGenerator
    {
        get
        {
            if (_makeCorpus is null) return Generator;
            lock (_corpusGate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return _corpus ??= _makeCorpus();
            }
        }
    }

    /// <summary>Whether the corpus model is a second one and has been loaded (tests; the ask path should leave it unloaded).</summary>
    public bool CorpusGeneratorLoaded
    {
        get
        {
            lock (_corpusGate) return _corpus is not null;
        }
    }

    public EmbeddingProvider Provider { get; }

    /// <summary>Model name, e.g. all-MiniLM-L6-v2 or text-embedding-3-small.</summary>
    public string ModelName { get; }

    /// <summary>How the model is reached, e.g. "ONNX" or "OpenAI-compatible endpoint localhost:11434".</summary>
    public string Via { get; }

    /// <summary>Embedding length when known before the first call (ONNX always; OpenAI-compatible when configured).</summary>
    public int? Dimensions { get; }

    /// <summary>
    /// Identifies which vectors are comparable: store it with the index and re-embed when it changes
    /// (e.g. "onnx:all-MiniLM-L6-v2", "openai:text-embedding-3-small:256").
    /// </summary>
    public string ModelKey => KeyOf(Provider, ModelName, Dimensions, Quantization);

    /// <summary>
    /// The key of the model this one approximates: <see cref="ModelKey"/> without the int8 suffix. The rankers trained with
    /// a model's float vectors are used with its int8 copy's too (cosine 0.994 between the two; docs/benchmarks.md).
    /// </summary>
    public string TrainedModelKey => KeyOf(Provider, ModelName, Dimensions);

    /// <summary>How the local model's weights are run (always None for an endpoint); <see cref="ModelQuantization.Int8Corpus"/>: the corpus's int8, the question's float.</summary>
    public ModelQuantization Quantization { get; }

    /// <summary>
    /// The <see cref="ModelKey"/> of a model reached by <paramref name="provider"/>: the key of the stored (corpus) vectors,
    /// so <see cref="ModelQuantization.Int8Corpus"/> shares <see cref="ModelQuantization.Int8"/>'s (the same int8 vectors).
    /// </summary>
    internal static string KeyOf(EmbeddingProvider provider, string modelName, int? dimensions, ModelQuantization quantization = ModelQuantization.None) => provider switch
    {
        EmbeddingProvider.Onnx => quantization is ModelQuantization.Int8 or ModelQuantization.Int8Corpus ? $"onnx:{modelName}:int8" : $"onnx:{modelName}",
        _ => dimensions is { } d ? $"openai:{modelName}:{d}" : $"openai:{modelName}",
    };

    /// <summary>How the index's sentence vectors are made.</summary>
    public SentenceVectorMode SentenceVectors { get; }

    /// <summary>
    /// Which sentence vectors are comparable: <see cref="ModelKey"/> for separate ones, with <see cref="DerivedSuffix"/>
    /// for those pooled from a passage's pass, so switching <see cref="SentenceVectors"/> re-embeds instead of mixing the two.
    /// </summary>
    public string SentenceModelKey => SentenceKeyOf(ModelKey, SentenceVectors);

    /// <summary>What a derived sentence vector's key adds to the model key.</summary>
    public const string DerivedSuffix = "+derived";

    /// <summary>The <see cref="SentenceModelKey"/> of sentence vectors made by <paramref name="modelKey"/> in <paramref name="mode"/>.</summary>
    public static string SentenceKeyOf(string modelKey, SentenceVectorMode mode) => mode == SentenceVectorMode.Derived ? modelKey + DerivedSuffix : modelKey;

    /// <summary>Weight of the vector ranking in fusion (BM25 weighs 1).</summary>
    public double Weight { get; }

    /// <summary>Reciprocal rank fusion constant k.</summary>
    public int RrfK { get; }

    /// <summary>How vectors are stored in the index.</summary>
    public VectorEncoding StorageEncoding { get; }

    /// <summary>Texts per embedding call the indexer should send.</summary>
    public int BatchSize { get; }

    /// <summary>Embedding calls the indexer keeps running at once (<see cref="EmbeddingOptions.IndexConcurrency"/>).</summary>
    public int IndexConcurrency { get; }

    /// <summary>Put before every query by <see cref="EmbedQueryAsync"/> (empty for most models).</summary>
    public string QueryPrefix { get; }

    /// <summary>What `bot sources` shows, e.g. "hybrid (BM25 + all-MiniLM-L6-v2 via ONNX)".</summary>
    public string Description => $"hybrid (BM25 + {ModelName} via {Via})";

    public override string ToString() => Description;

    /// <summary>
    /// Embeds a search query (with <see cref="QueryPrefix"/>). The last few queries are remembered: retrieval and the
    /// ranker's vector features both need the question's vector, and a second model run (or HTTP call) would double the
    /// cost. Each caller gets its own copy.
    /// </summary>
    public async Task<float[]> EmbedQueryAsync(string query, CancellationToken cancellationToken = default) =>
        (float[])(await QueryAsync(query, cancellationToken).ConfigureAwait(false)).Vector.Clone();

    /// <summary>
    /// The query's contextual token vectors (with <see cref="QueryPrefix"/>, [CLS] and [SEP] left out), from the same
    /// forward pass as its <see cref="EmbedQueryAsync"/> vector, so the token re-ranker costs the question no second
    /// run; null when the model gives no per-token output (an endpoint, a pooled ONNX export). Read-only.
    /// </summary>
    public async Task<TokenVectors?> QueryTokenVectorsAsync(string query, CancellationToken cancellationToken = default) =>
        (await QueryAsync(query, cancellationToken).ConfigureAwait(false)).Tokens;

    /// <summary>A first forward pass of the local ONNX model, off the question's path (<see cref="OnnxEmbeddingGenerator.WarmUp"/>); nothing for an endpoint.</summary>
    public void WarmUp()
    {
        if (Generator.GetService(typeof(OnnxEmbeddingGenerator)) is OnnxEmbeddingGenerator onnx) onnx.WarmUp();
    }

    private async Task<(float[] Vector, TokenVectors? Tokens)> QueryAsync(string query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (_recentQueries.TryGetValue(query, out var known)) return known;
        (float[] Vector, TokenVectors? Tokens) made;
        if (Generator.GetService(typeof(OnnxEmbeddingGenerator)) is OnnxEmbeddingGenerator { HasTokenOutput: true } onnx)
        {
            made = await onnx.GenerateWithTokensAsync(QueryPrefix + query, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var result = await Generator.GenerateAsync([QueryPrefix + query], cancellationToken: cancellationToken).ConfigureAwait(false);
            made = (result[0].Vector.ToArray(), null);
        }

        if (_recentQueries.Count >= RecentQueries) _recentQueries.Clear(); // a cheap bound: only the current question matters
        _recentQueries[query] = made;
        return made;
    }

    private const int RecentQueries = 64;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (float[] Vector, TokenVectors? Tokens)> _recentQueries = new(StringComparer.Ordinal);

    /// <summary>
    /// Embeds passages for the index with <see cref="CorpusGenerator"/>, <see cref="BatchSize"/> per call, in order.
    /// <paramref name="progress"/> receives the number of passages done after each batch.
    /// </summary>
    public Task<IReadOnlyList<float[]>> EmbedPassagesAsync(IReadOnlyList<string> passages, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        EmbedAsync(CorpusGenerator, passages, progress, cancellationToken);

    /// <summary>
    /// Embeds texts at ask time with the question's model (<see cref="Generator"/>): sentences without a stored vector,
    /// logged questions. Never loads the corpus model (with <see cref="ModelQuantization.Int8Corpus"/> such a vector is
    /// the float model's; it is not stored).
    /// </summary>
    public Task<IReadOnlyList<float[]>> EmbedAtAskTimeAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        EmbedAsync(Generator, texts, null, cancellationToken);

    private async Task<IReadOnlyList<float[]>> EmbedAsync(IEmbeddingGenerator<string, Embedding<float>> generator, IReadOnlyList<string> passages, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passages);
        // Batches of similar length: a batch is padded to its longest text, so mixing a 10-word sentence with a
        // 200-token passage would spend most of the model's work (and memory) on padding.
        var order = Enumerable.Range(0, passages.Count).OrderBy(i => passages[i].Length).ToArray();
        var vectors = new float[passages.Count][];
        var done = 0;
        for (var start = 0; start < order.Length; start += BatchSize)
        {
            var indexes = order.Skip(start).Take(BatchSize).ToList();
            var batch = indexes.Select(i => passages[i]).ToList();
            var result = await generator.GenerateAsync(batch, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (result.Count != batch.Count)
            {
                throw new InvalidOperationException($"The embedding generator returned {result.Count} vectors for {batch.Count} passages.");
            }

            for (var k = 0; k < indexes.Count; k++) vectors[indexes[k]] = result[k].Vector.ToArray();
            done += batch.Count;
            progress?.Report(done);
        }

        return vectors;
    }

    /// <summary>
    /// Embeds passages and their sentences from one forward pass per passage (<see cref="SentenceVectorMode.Derived"/>):
    /// each passage's vector is what <see cref="EmbedPassagesAsync"/> gives it, each sentence's (a span of the passage) its
    /// token outputs pooled. A generator that cannot (an endpoint) embeds the sentences separately.
    /// </summary>
    public async Task<IReadOnlyList<SpannedVectors>> EmbedPassagesWithSentencesAsync(IReadOnlyList<SpannedText> passages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(passages);
        if (CorpusGenerator.GetService(typeof(ISpanEmbeddingGenerator)) is ISpanEmbeddingGenerator spans)
            return await spans.GenerateWithSpansAsync(passages, cancellationToken).ConfigureAwait(false);
        var texts = passages.SelectMany(p => p.Spans.Select(s => p.Text[s.Start..s.End]).Prepend(p.Text)).ToList();
        var vectors = await EmbedPassagesAsync(texts, null, cancellationToken).ConfigureAwait(false);
        var result = new List<SpannedVectors>(passages.Count);
        int next = 0;
        foreach (var p in passages)
        {
            var whole = vectors[next++];
            result.Add(new SpannedVectors(whole, vectors.Skip(next).Take(p.Spans.Count).ToList()));
            next += p.Spans.Count;
        }

        return result;
    }

    public void Dispose()
    {
        Generator.Dispose();
        lock (_corpusGate)
        {
            _disposed = true;
            _corpus?.Dispose();
            _corpus = null;
        }
    }
}
