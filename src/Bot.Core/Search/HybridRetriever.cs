using Bot.Core.Diagnostics;
using Bot.Core.Embeddings;
using Bot.Core.Indexing;
using Bot.Core.Questions;
using Bot.Core.Search.Vectors;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Search;

/// <summary>
/// BM25 over passages fused with cosine similarity of passage embeddings (reciprocal rank fusion, vector list weighted
/// by <see cref="EmbeddingSetup.Weight"/>). Falls back to BM25 alone — with one warning — when the index holds no
/// vectors for the configured model yet or the embedding model cannot embed the question (dead endpoint, time-out),
/// so a question is never lost to the semantic side.
/// </summary>
public sealed class HybridRetriever : IRetriever, IDisposable
{
    private readonly Func<EmbeddingSetup> _setup;
    private readonly Lazy<string> _modelKey;
    private readonly Lazy<VectorEncoding> _encoding;
    private readonly ILogger<HybridRetriever> _logger;
    private readonly SemaphoreSlim _load = new(1, 1);
    private (string Stamp, VectorIndex? Index) _cache = (string.Empty, null);
    private int _warnedNoVectors;

    public HybridRetriever(EmbeddingSetup setup, ILogger<HybridRetriever> logger)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(logger);
        _setup = () => setup;
        var key = setup.ModelKey;
        _modelKey = new Lazy<string>(() => key);
        _encoding = new Lazy<VectorEncoding>(() => setup.StorageEncoding);
        _logger = logger;
    }

    /// <summary>
    /// Waits for <paramref name="provider"/>'s model only when a question's vector is needed: the lexical search and the
    /// passage vectors (which need only the model key and encoding, known from the options) are read while a one-shot
    /// `bot ask` still loads the model on another thread. A model that cannot be loaded fails the question as before.
    /// </summary>
    public HybridRetriever(EmbeddingSetupProvider provider, ILogger<HybridRetriever> logger)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(logger);
        _setup = () => provider.Setup ?? throw new InvalidOperationException("Embeddings are not configured.");
        _modelKey = new Lazy<string>(() => provider.ModelKey ?? throw new InvalidOperationException("Embeddings are not configured."));
        _encoding = new Lazy<VectorEncoding>(() => provider.StorageEncoding);
        _logger = logger;
    }

    public string Mode => _setup().Description;

    /// <summary>Candidates taken from each side before fusion: fusion needs more than it returns to re-order well.</summary>
    public static int CandidatesFor(int limit) => Math.Max(limit * 2, 20);

    public async Task<IReadOnlyList<PassageHit>> RetrieveAsync(IIndexReader reader, QuestionAnalysis question, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(question);
        var candidates = CandidatesFor(limit);
        var lexical = await reader.SearchPassagesAsync(question.SearchTerms, candidates, cancellationToken).ConfigureAwait(false);
        var index = await GetIndexAsync(reader, cancellationToken).ConfigureAwait(false);
        if (index is null || index.Count == 0)
        {
            return lexical.Take(limit).ToList();
        }

        StartupTrace.Mark("question: lexical passages");
        var setup = _setup(); // a model that cannot be loaded is an error, not a fallback
        float[] query;
        try
        {
            query = await setup.EmbedQueryAsync(question.Question, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.QuestionNotEmbedded(_logger, ex.Message);
            return lexical.Take(limit).ToList();
        }

        StartupTrace.Mark("question: vector");
        if (query.Length != index.Dimensions)
        {
            Log.DimensionMismatch(_logger, query.Length, index.Dimensions);
            return lexical.Take(limit).ToList();
        }

        var semantic = index.Search(query, candidates);
        var fused = ReciprocalRankFusion.Fuse(
            lexical.Select(h => h.PassageId).ToList(), semantic.Select(h => h.Id).ToList(), setup.Weight, setup.RrfK, limit);

        var byId = lexical.ToDictionary(h => h.PassageId);
        var missing = fused.Select(f => f.Id).Where(id => !byId.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            // Passages found only by meaning carry no BM25 score; give them the weakest lexical score so score-based
            // features downstream treat them as the least lexically supported candidates, not as absent.
            var floor = lexical.Count > 0 ? lexical.Min(h => h.Score) : 0.0;
            foreach (var hit in await reader.GetPassagesAsync(missing, cancellationToken).ConfigureAwait(false))
            {
                byId[hit.PassageId] = hit with { Score = floor };
            }
        }

        // Vectors of a passage deleted after the snapshot was cached resolve to nothing: skip them.
        return fused.Where(f => byId.ContainsKey(f.Id)).Select(f => byId[f.Id]).ToList();
    }

    private async Task<VectorIndex?> GetIndexAsync(IIndexReader reader, CancellationToken cancellationToken)
    {
        var stamp = await reader.GetVectorStampAsync(_modelKey.Value, cancellationToken).ConfigureAwait(false);
        var cached = _cache;
        if (cached.Stamp == stamp && cached.Index is not null)
        {
            return cached.Index;
        }

        await _load.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cache.Stamp == stamp && _cache.Index is not null)
            {
                return _cache.Index;
            }

            var vectors = await reader.ListPassageVectorsAsync(_modelKey.Value, cancellationToken).ConfigureAwait(false);
            var index = Build(vectors);
            if (index is null && Interlocked.Exchange(ref _warnedNoVectors, 1) == 0)
            {
                Log.NoVectors(_logger, _modelKey.Value);
            }

            _cache = (stamp, index);
            return index;
        }
        finally
        {
            _load.Release();
        }
    }

    private VectorIndex? Build(IReadOnlyList<PassageVector> vectors)
    {
        if (vectors.Count == 0)
        {
            return null;
        }

        var bytesPerValue = VectorBlob.BytesPerValue(_encoding.Value);
        // The most common blob size is the model's; a stray row of another size (a model switch mid-way) is skipped.
        var size = vectors.GroupBy(v => v.Blob.Length).MaxBy(g => g.Count())!.Key;
        if (size == 0 || size % bytesPerValue != 0)
        {
            Log.WrongVectorEncoding(_logger, _modelKey.Value, _encoding.Value);
            return null;
        }

        var index = new VectorIndex(size / bytesPerValue, vectors.Count);
        var skipped = 0;
        foreach (var vector in vectors)
        {
            if (vector.Blob.Length != size)
            {
                skipped++;
                continue;
            }

            index.AddBlob(vector.PassageId, vector.Blob.Span, _encoding.Value);
        }

        if (skipped > 0)
        {
            Log.SkippedVectors(_logger, skipped, _modelKey.Value);
        }

        return index;
    }

    public void Dispose() => _load.Dispose();
}
