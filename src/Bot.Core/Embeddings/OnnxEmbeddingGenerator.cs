using Bot.Core.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace Bot.Core.Embeddings;

/// <summary>
/// Sentence embeddings from a local BERT-family ONNX model (all-MiniLM-L6-v2, bge-small-en-v1.5 and the like).
/// The model folder holds <c>model.onnx</c> and <c>vocab.txt</c>, and optionally <c>config.json</c>,
/// <c>tokenizer_config.json</c>, <c>sentence_bert_config.json</c> and <c>1_Pooling/config.json</c>, which decide
/// lower-casing, the maximum length and mean vs CLS pooling (found by <see cref="OnnxModelFolder"/>). Texts are
/// WordPiece-tokenised (<see cref="BertTokenizer"/>), batched with padding, run through ONNX Runtime here, then pooled and
/// L2-normalised by <see cref="OnnxPooling"/>.
/// Thread-safe: any number of calls may run at once. Dispose after the last call.
/// </summary>
public sealed class OnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>, ISpanEmbeddingGenerator
{
    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";
    public const string TokenTypeIds = "token_type_ids";

    private static readonly string[] KnownInputs = [InputIds, AttentionMask, TokenTypeIds];
    private static readonly string[] PreferredOutputs = ["last_hidden_state", "token_embeddings", "sentence_embedding"];

    private readonly InferenceSession _session;

    private readonly BertTokenizer _tokenizer;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly ILogger _logger;
    private readonly int _batchSize;
    private readonly bool _int32Inputs;
    private readonly bool _outputIsPooled;
    private int _disposed;

    /// <summary>Loads the model in <paramref name="modelFolder"/>.</summary>
    /// <exception cref="EmbeddingModelException">The folder, model.onnx or vocab.txt is missing, or the model's inputs/outputs are not those of a BERT export.</exception>
    public OnnxEmbeddingGenerator(string modelFolder, OnnxEmbeddingGeneratorOptions? options = null, ILogger<OnnxEmbeddingGenerator>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelFolder);
        options ??= new OnnxEmbeddingGeneratorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _batchSize = options.BatchSize;

        StartupTrace.Mark("model: start");
        var folder = OnnxModelFolder.Locate(modelFolder);
        var (modelPath, vocabPath, config) = (folder.ModelPath, folder.VocabPath, folder.Config);
        byte[]? unsavedModel = null; // an int8 copy no folder could take: loaded from memory, uncached
        if (options.Int8Weights)
        {
            var int8 = Int8Quantizer.Ensure(modelPath, options.Int8FallbackFolder, _logger);
            if (int8.Path is { } copy) modelPath = copy;
            unsavedModel = int8.Unsaved;
        }

        var lowerCase = options.LowerCase ?? config.LowerCase ?? folder.VocabularyIsUncased();
        // The vocabulary loads on another thread while ONNX Runtime makes the session: neither needs the other.
        var tokenizer = Task.Run(() => LoadTokenizer(vocabPath, lowerCase));
        SessionOptions NewSessionOptions()
        {
            var sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
            // Why: ONNX Runtime's worker threads spin between runs by default, burning a core that the indexer's SQLite
            // work or the question's lexical half needs (2 cores): squad-dev texts per CPU-second 63 -> 102 without spinning.
            sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            if (options.IntraOpThreads is { } threads) sessionOptions.IntraOpNumThreads = threads;
            return sessionOptions;
        }

        try
        {
            if (unsavedModel is not null)
            {
                using var sessionOptions = NewSessionOptions();
                _session = new InferenceSession(unsavedModel, sessionOptions);
            }
            else if (options.CacheOptimizedModel)
            {
                _session = OptimizedModelCache.CreateSession(modelPath, NewSessionOptions, _logger);
            }
            else
            {
                using var sessionOptions = NewSessionOptions();
                _session = new InferenceSession(modelPath, sessionOptions);
            }
        }
        catch (OnnxRuntimeException ex)
        {
            _ = WaitForTokenizer(tokenizer); // an unreadable vocabulary is reported first, as when it was read first
            throw new EmbeddingModelException($"ONNX Runtime could not load '{modelPath}': {ex.Message}", ex);
        }

        try
        {
            _tokenizer = WaitForTokenizer(tokenizer);
        }
        catch
        {
            _session.Dispose();
            throw;
        }

        StartupTrace.Mark("model: session");
        try
        {
            var inputs = ResolveInputs(modelPath);
            _int32Inputs = _session.InputMetadata[InputIds].ElementType == typeof(int);
            var outputName = ResolveOutput(modelPath, options.OutputName);
            var outputDims = _session.OutputMetadata[outputName].Dimensions;
            _outputIsPooled = outputDims.Length == 2;
            if (outputDims.Length is not (2 or 3))
            {
                throw new EmbeddingModelException($"Model output '{outputName}' of '{modelPath}' has rank {outputDims.Length}; expected [batch, sequence, dim] or [batch, dim].");
            }

            var maxLength = Math.Max(3, options.MaxSequenceLength ?? config.MaxSequenceLength ?? 512);
            var modelId = options.ModelId ?? folder.DefaultModelId;
            var pooling = options.Pooling ?? config.Pooling ?? PoolingMode.Mean;
            Settings = new OnnxModelSettings(modelId, pooling, maxLength, lowerCase, 0, inputs, outputName);

            var dimensions = outputDims[^1] > 0 ? outputDims[^1] : RunBatch([Tokenize("dimension probe")], CancellationToken.None)[0].Length;
            Settings = Settings with { Dimensions = dimensions };
            _metadata = new EmbeddingGeneratorMetadata("onnx", new Uri(modelPath), modelId, dimensions);
            StartupTrace.Mark("model: loaded");
            Log.OnnxModelLoaded(_logger, modelId, dimensions, pooling, maxLength, lowerCase, string.Join("/", inputs), outputName);
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    private static BertTokenizer LoadTokenizer(string vocabPath, bool lowerCase)
    {
        try
        {
            var tokenizer = BertTokenizer.Create(vocabPath, new BertOptions { LowerCaseBeforeTokenization = lowerCase });
            StartupTrace.Mark("model: tokenizer");
            return tokenizer;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or FormatException)
        {
            throw new EmbeddingModelException($"Could not read the vocabulary '{vocabPath}': {ex.Message}", ex);
        }
    }

    private static BertTokenizer WaitForTokenizer(Task<BertTokenizer> tokenizer) => tokenizer.GetAwaiter().GetResult();

    /// <summary>What was resolved from the folder and options.</summary>
    public OnnxModelSettings Settings { get; private set; }

    /// <summary>Token ids a text is fed to the model as: [CLS] WordPiece ids [SEP], truncated to <see cref="OnnxModelSettings.MaxSequenceLength"/>.</summary>
    public IReadOnlyList<int> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = _tokenizer.EncodeToIds(text, Settings.MaxSequenceLength - 2, addSpecialTokens: false, out _, out _);
        var result = new List<int>(ids.Count + 2) { _tokenizer.ClassificationTokenId };
        result.AddRange(ids);
        result.Add(_tokenizer.SeparatorTokenId);
        return result;
    }

    /// <summary>Whether the model's output is per token, so <see cref="GenerateTokenVectorsAsync"/> can serve token vectors.</summary>
    public bool HasTokenOutput => !_outputIsPooled;

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var texts = values.ToList();
        if (options?.Dimensions is { } wanted && wanted != Settings.Dimensions)
        {
            throw new NotSupportedException($"Model {Settings.ModelId} produces {Settings.Dimensions} dimensions; {wanted} were requested.");
        }

        // Inference is CPU-bound; keep it off the caller's thread so chat/Discord handlers stay responsive.
        return await Task.Run(() => Generate(texts, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Each text's contextual token vectors (unit length, [CLS] and [SEP] left out) with their WordPiece ids: what
    /// late-interaction matching compares token by token. Only for models whose output is per token.
    /// </summary>
    public async Task<IReadOnlyList<TokenVectors>> GenerateTokenVectorsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_outputIsPooled)
        {
            throw new NotSupportedException($"Model {Settings.ModelId} outputs pooled vectors only; token vectors need a per-token output.");
        }

        return await Task.Run(() =>
        {
            var tokenized = texts.Select(t => Tokenize(t ?? throw new ArgumentException("A text is null.", nameof(texts)))).ToArray();
            return (IReadOnlyList<TokenVectors>)InBatches(tokenized, RunBatchTokens, cancellationToken);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One text's pooled vector (exactly what <see cref="GenerateAsync"/> gives it) and its token vectors (as
    /// <see cref="GenerateTokenVectorsAsync"/>), from one forward pass: a question needs both, the first for retrieval and
    /// the second for the token re-ranker. Token vectors are null for a model whose output is pooled.
    /// </summary>
    public async Task<(float[] Pooled, TokenVectors? Tokens)> GenerateWithTokensAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return await Task.Run(() => WithTokens(text, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private (float[] Pooled, TokenVectors? Tokens) WithTokens(string text, CancellationToken cancellationToken)
    {
        IReadOnlyList<int>[] batch = [Tokenize(text)];
        return Run(batch, cancellationToken, (hidden, outShape, seqLength, mask) => _outputIsPooled
            ? (OnnxPooling.Pooled(hidden, outShape, 1, Settings.OutputName)[0], null)
            : (OnnxPooling.Pool(hidden, outShape, 1, seqLength, mask, Settings.Pooling, Settings.OutputName)[0],
                OnnxPooling.Tokens(hidden, outShape, batch, seqLength, Settings.OutputName)[0]));
    }

    /// <summary>
    /// One forward pass of a two-word text, its output dropped, on the caller's thread: a fresh session's first run costs
    /// far more than later ones (ONNX Runtime's first allocations, and the compilation of this class's generic code), and
    /// a one-shot <c>bot ask</c> pays that while it still does the question's lexical half instead of after the model is
    /// ready. Nothing is cached; later runs give the same outputs. A run that fails is left to the next real one.
    /// </summary>
    public void WarmUp()
    {
        if (Volatile.Read(ref _disposed) != 0) return;
        try
        {
            _ = WithTokens("warm up", CancellationToken.None);
            StartupTrace.Mark("model: warmed up");
        }
        catch (Exception e) when (e is not OutOfMemoryException) { } // the question's own run meets it again, and reports it
    }

    /// <summary>
    /// Each text's pooled vector (as <see cref="GenerateAsync"/> gives it) and its spans' vectors from the same forward
    /// pass: the token outputs mean-pooled over each span's WordPieces and normalised (<see cref="SpanPlan"/> says which
    /// positions, and which spans need a window or a run of their own). A model whose output is already pooled has no
    /// token outputs: its spans are embedded separately.
    /// </summary>
    public async Task<IReadOnlyList<SpannedVectors>> GenerateWithSpansAsync(IReadOnlyList<SpannedText> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return await Task.Run(() => GenerateWithSpans(texts, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private SpannedVectors[] GenerateWithSpans(IReadOnlyList<SpannedText> texts, CancellationToken cancellationToken)
    {
        var spans = new float[texts.Count][][];
        var whole = new float[texts.Count][];
        for (int t = 0; t < texts.Count; t++) spans[t] = new float[texts[t].Spans.Count][];
        if (_outputIsPooled)
        {
            var all = texts.SelectMany(x => x.Spans.Select(s => x.Text[s.Start..s.End]).Prepend(x.Text)).ToList();
            var vectors = InBatches(all.Select(Tokenize).ToArray(), RunBatch, cancellationToken);
            int next = 0;
            for (int t = 0; t < texts.Count; t++)
            {
                whole[t] = vectors[next++];
                for (int k = 0; k < spans[t].Length; k++) spans[t][k] = vectors[next++];
            }
        }
        else
        {
            var plan = SpanPlan.Build(texts, Tokenize, t => _tokenizer.EncodeToIds(t, addSpecialTokens: false),
                Settings.MaxSequenceLength - 2, _tokenizer.ClassificationTokenId, _tokenizer.SeparatorTokenId);
            var slotsOf = plan.Slots.ToLookup(s => s.Sequence);
            InBatchesOf(plan.Sequences.ToArray(), (indexes, batch, ct) => Run(batch, ct, (hidden, shape, seqLength, _) =>
            {
                for (int b = 0; b < indexes.Length; b++)
                {
                    foreach (var slot in slotsOf[indexes[b]])
                    {
                        var vector = OnnxPooling.Mean(hidden, shape, batch.Length, seqLength, b, slot.From, slot.To, Settings.OutputName);
                        if (slot.Span < 0) whole[slot.Text] = vector;
                        else spans[slot.Text][slot.Span] = vector;
                    }
                }

                return new bool[indexes.Length];
            }), cancellationToken);
        }

        return texts.Select((_, t) => new SpannedVectors(whole[t], spans[t])).ToArray();
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return _metadata;
        }

        if (serviceType == typeof(OnnxModelSettings))
        {
            return Settings;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.Dispose();
        }
    }

    private GeneratedEmbeddings<Embedding<float>> Generate(List<string> texts, CancellationToken cancellationToken)
    {
        var tokenized = new IReadOnlyList<int>[texts.Count];
        long tokenCount = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            tokenized[i] = Tokenize(texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts)));
            tokenCount += tokenized[i].Count;
        }

        var vectors = InBatches(tokenized, RunBatch, cancellationToken);

        var created = DateTimeOffset.UtcNow;
        var embeddings = vectors.Select(v => new Embedding<float>(v) { ModelId = Settings.ModelId, CreatedAt = created });
        return new GeneratedEmbeddings<Embedding<float>>(embeddings)
        {
            Usage = new UsageDetails { InputTokenCount = tokenCount, TotalTokenCount = tokenCount },
        };
    }

    /// <summary>
    /// Runs the texts in length buckets, longest first: a batch takes at most the batch size and only texts at most
    /// <see cref="PaddingSlack"/> tokens shorter than its longest, so little of the model's work goes into padding (a
    /// question's 10 candidates of 12 to 90 tokens ran as batches of 8 padded to the longest: 81 ms CPU; bucketed, about
    /// one text a run: 72 ms). Results in input order.
    /// </summary>
    private T[] InBatches<T>(IReadOnlyList<int>[] tokenized, Func<IReadOnlyList<int>[], CancellationToken, T[]> run, CancellationToken cancellationToken) =>
        InBatchesOf(tokenized, (_, batch, ct) => run(batch, ct), cancellationToken);

    /// <summary><see cref="InBatches"/> whose runner is also told which inputs (their indexes) a batch holds.</summary>
    private T[] InBatchesOf<T>(IReadOnlyList<int>[] tokenized, Func<int[], IReadOnlyList<int>[], CancellationToken, T[]> run, CancellationToken cancellationToken)
    {
        var order = Enumerable.Range(0, tokenized.Length).OrderByDescending(i => tokenized[i].Count).ThenBy(i => i).ToArray();
        var result = new T[tokenized.Length];
        for (var start = 0; start < order.Length;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var longest = tokenized[order[start]].Count;
            var end = start + 1;
            while (end < order.Length && end - start < _batchSize && longest - tokenized[order[end]].Count <= PaddingSlack(longest)) end++;
            var batch = order.AsSpan(start, end - start).ToArray();
            start = end;
            var outputs = run(batch, batch.Select(i => tokenized[i]).ToArray(), cancellationToken);
            for (var j = 0; j < batch.Length; j++)
            {
                result[batch[j]] = outputs[j];
            }
        }

        return result;
    }

    /// <summary>
    /// Most padding tokens a text may get in a batch whose longest text has <paramref name="longest"/> tokens: an
    /// eighth of it, at least 2 (a run's fixed cost is about what 8 tokens of work cost).
    /// </summary>
    internal static int PaddingSlack(int longest) => Math.Max(2, longest / 8);

    private float[][] RunBatch(IReadOnlyList<int>[] batch, CancellationToken cancellationToken) =>
        Run(batch, cancellationToken, (hidden, outShape, seqLength, mask) => _outputIsPooled
            ? OnnxPooling.Pooled(hidden, outShape, batch.Length, Settings.OutputName)
            : OnnxPooling.Pool(hidden, outShape, batch.Length, seqLength, mask, Settings.Pooling, Settings.OutputName));

    private TokenVectors[] RunBatchTokens(IReadOnlyList<int>[] batch, CancellationToken cancellationToken) =>
        Run(batch, cancellationToken, (hidden, outShape, seqLength, _) => OnnxPooling.Tokens(hidden, outShape, batch, seqLength, Settings.OutputName));

    private delegate T OutputReader<out T>(ReadOnlySpan<float> hidden, long[] shape, int seqLength, long[] mask);

    private T Run<T>(IReadOnlyList<int>[] batch, CancellationToken cancellationToken, OutputReader<T> read)
    {
        var batchSize = batch.Length;
        var seqLength = batch.Max(t => t.Count);
        var ids = new long[batchSize * seqLength];
        var mask = new long[batchSize * seqLength];
        Array.Fill(ids, _tokenizer.PaddingTokenId);
        for (var b = 0; b < batchSize; b++)
        {
            for (var t = 0; t < batch[b].Count; t++)
            {
                ids[(b * seqLength) + t] = batch[b][t];
                mask[(b * seqLength) + t] = 1;
            }
        }

        long[] shape = [batchSize, seqLength];
        var inputValues = new List<OrtValue>(Settings.InputNames.Count);
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        try
        {
            foreach (var name in Settings.InputNames)
            {
                var data = name switch
                {
                    InputIds => ids,
                    AttentionMask => mask,
                    _ => new long[batchSize * seqLength], // token_type_ids: one segment
                };
                inputValues.Add(_int32Inputs
                    ? OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(data, v => (int)v), shape)
                    : OrtValue.CreateTensorValueFromMemory(data, shape));
            }

            using var outputs = _session.Run(runOptions, Settings.InputNames.ToArray(), inputValues, [Settings.OutputName]);
            var output = outputs[0];
            return read(output.GetTensorDataAsSpan<float>(), output.GetTensorTypeAndShape().Shape, seqLength, mask);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new EmbeddingModelException($"Model {Settings.ModelId} failed on a batch of {batchSize} × {seqLength} tokens: {ex.Message}", ex);
        }
        finally
        {
            foreach (var value in inputValues)
            {
                value.Dispose();
            }
        }
    }

    private string[] ResolveInputs(string modelPath)
    {
        var declared = _session.InputMetadata.Keys.ToList();
        var unknown = declared.Where(n => !KnownInputs.Contains(n, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0 || !declared.Contains(InputIds, StringComparer.Ordinal))
        {
            throw new EmbeddingModelException(
                $"Model '{modelPath}' declares inputs [{string.Join(", ", declared)}]; a BERT-family export needs input_ids and may have attention_mask and token_type_ids only.");
        }

        foreach (var name in declared)
        {
            var type = _session.InputMetadata[name].ElementType;
            if (type != typeof(long) && type != typeof(int))
            {
                throw new EmbeddingModelException($"Model input '{name}' of '{modelPath}' has element type {type.Name}; int64 or int32 expected.");
            }
        }

        return KnownInputs.Where(declared.Contains).ToArray();
    }

    private string ResolveOutput(string modelPath, string? configured)
    {
        var outputs = _session.OutputMetadata.Keys.ToList();
        var name = configured ?? PreferredOutputs.FirstOrDefault(outputs.Contains);
        if (name is null || !outputs.Contains(name, StringComparer.Ordinal))
        {
            var wanted = configured is null ? string.Join(", ", PreferredOutputs) : configured;
            throw new EmbeddingModelException(
                $"Model '{modelPath}' has outputs [{string.Join(", ", outputs)}] but none named {wanted}. Set the output name to pool (OnnxEmbeddingGeneratorOptions.OutputName) or use a sentence-transformers ONNX export.");
        }

        if (_session.OutputMetadata[name].ElementType != typeof(float))
        {
            throw new EmbeddingModelException($"Model output '{name}' of '{modelPath}' has element type {_session.OutputMetadata[name].ElementType.Name}; float expected.");
        }

        return name;
    }
}
