using System.Collections.Concurrent;
using System.Numerics.Tensors;
using Bot.Core.Embeddings;
using Bot.Core.Indexing;
using Bot.Core.Search.Vectors;

namespace Bot.Core.Answering.Ranking;

/// <summary>
/// Question and candidate-sentence embeddings for the ranker's vector features, when an embedding model is active.
/// Sentence vectors come from the index (made at index time); only sentences without one (not embedded yet, e.g. the
/// last index run could not reach the model) are embedded here, with the question's model (with
/// <see cref="ModelQuantization.Int8Corpus"/> the float one: answering never loads the int8 copy), and those are cached by text.
/// </summary>
/// <param name="provider">The process's embedding setup.</param>
/// <param name="trainedWith">The model key the vector ranker was trained with; null reads it from the shipped model.</param>
/// <param name="rerank">Whether to re-rank with token vectors: null when a re-ranker model ships; the trainer says true
/// when it fits one and false when it fits the first stage.</param>
/// <param name="models">The models whose vector ranker names the embedding model and whose re-ranker decides
/// <see cref="CanRerank"/>; null means the shipped ones.</param>
public sealed class SentenceVectors(EmbeddingSetupProvider provider, string? trainedWith = null, bool? rerank = null, IRankingModels? models = null)
{
    private readonly IRankingModels _models = models ?? ShippedRankingModels.Instance;

    /// <summary>Bound on the token-vector cache, in values (stored as halves: 64 MB).</summary>
    private const long MaxCachedTokenValues = 32L << 20;

    private readonly TokenVectorCache _tokenCache = new(MaxCachedTokenValues);

    /// <summary>Bound on the question-time cache: cleared when full (a cheap bound; stored vectors need no cache).</summary>
    private const int MaxCached = 50_000;

    private readonly ConcurrentDictionary<string, float[]> _cache = new(StringComparer.Ordinal);

    // Every candidate's WordPiece ids feed the token weights: a question has ~145 candidates and they recur across
    // questions, so each text is tokenised once (same bound as the sentence-vector cache).
    private readonly ConcurrentDictionary<string, IReadOnlyList<int>> _pieces = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether the vector features apply: an embedding model is configured and it is the one the shipped vector ranker
    /// was trained with (another model still gets hybrid retrieval, with the lexical ranker and abstainer).
    /// </summary>
    public bool IsActive => provider.IsConfigured && provider.Setup is { } setup
        && string.Equals(trainedWith ?? _models.VectorRanker?.EmbeddingModel, setup.TrainedModelKey, StringComparison.Ordinal);

    /// <summary>
    /// Whether the first stage's best candidates are re-ranked by late interaction: the vector features apply, the model
    /// runs here and gives per-token output (ONNX), and a re-ranker model ships (or the trainer asks for it).
    /// </summary>
    public bool CanRerank => IsActive && Onnx is { HasTokenOutput: true } && (rerank ?? _models.TokenReranker is not null);

    private OnnxEmbeddingGenerator? Onnx => provider.Setup?.Generator.GetService(typeof(OnnxEmbeddingGenerator)) as OnnxEmbeddingGenerator;

    /// <summary>
    /// Token vectors of the question and of the <paramref name="reranked"/> candidates, and every candidate's WordPiece
    /// ids (for the token weights). Sentences' token vectors are cached by text (bounded), so a corpus's sentences are run
    /// through the model about once however many questions reach them.
    /// </summary>
    internal async Task<(TokenVectors Question, IReadOnlyList<TokenVectors> Reranked, IReadOnlyList<IReadOnlyList<int>> CandidateIds)> TokenVectorsAsync(
        string question, IReadOnlyList<SentenceRow> candidates, IReadOnlyList<int> reranked, CancellationToken cancellationToken, Func<int, string>? textOf = null)
    {
        textOf ??= i => candidates[i].Text;
        var onnx = Onnx ?? throw new InvalidOperationException("Token vectors need the local ONNX model.");
        var setup = provider.Setup ?? throw new InvalidOperationException("Token vectors need the local ONNX model.");
        // The question's token vectors come from the forward pass that gave retrieval its vector (one run, not two).
        var q = await setup.QueryTokenVectorsAsync(question, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Model {setup.ModelName} gives no token vectors.");
        var result = new TokenVectors[reranked.Count];
        var missing = new List<string>();
        for (int k = 0; k < reranked.Count; k++)
        {
            var text = textOf(reranked[k]);
            if (_tokenCache.TryGet(text, out var cached)) result[k] = cached;
            else if (!missing.Contains(text, StringComparer.Ordinal)) missing.Add(text);
        }
        if (missing.Count > 0)
        {
            // Length-bucketed runs (OnnxEmbeddingGenerator.InBatches); stored as halves, and fresh vectors go through
            // the same rounding so a sentence scores the same on first use as from the cache.
            var made = await onnx.GenerateTokenVectorsAsync(missing, cancellationToken).ConfigureAwait(false);
            var byText = new Dictionary<string, TokenVectors>(StringComparer.Ordinal);
            for (int i = 0; i < missing.Count; i++) byText[missing[i]] = _tokenCache.Add(missing[i], made[i]);
            for (int k = 0; k < reranked.Count; k++) result[k] ??= byText[textOf(reranked[k])];
        }
        if (_pieces.Count + candidates.Count > MaxCached) _pieces.Clear();
        var ids = candidates.Select(s => _pieces.GetOrAdd(s.Text, onnx.Tokenize)).ToList();
        return (q, result, ids);
    }

    /// <summary>The question's and each sentence's unit-length vector (in order), or null without an embedding model.</summary>
    internal async Task<(float[] Question, IReadOnlyList<float[]> Sentences)?> EmbedAsync(
        IIndexReader reader, string question, IReadOnlyList<SentenceRow> sentences, CancellationToken cancellationToken)
    {
        if (provider.Setup is not { } setup) return null;
        var q = Normalize(await setup.EmbedQueryAsync(question, cancellationToken).ConfigureAwait(false));
        var stored = await reader.GetSentenceVectorsAsync(setup.SentenceModelKey, sentences, cancellationToken).ConfigureAwait(false);
        var result = new float[sentences.Count][];
        var missing = new List<int>();
        for (int i = 0; i < sentences.Count; i++)
        {
            // A blob of another size (the encoding changed since the last index run) counts as missing.
            if (stored[i] is { } blob && blob.Length == q.Length * VectorBlob.BytesPerValue(setup.StorageEncoding))
                result[i] = Normalize(VectorBlob.Decode(blob, setup.StorageEncoding));
            else if (_cache.TryGetValue(sentences[i].Text, out var cached))
                result[i] = cached;
            else
                missing.Add(i);
        }
        if (missing.Count > 0)
        {
            var texts = missing.Select(i => sentences[i].Text).Distinct(StringComparer.Ordinal).ToList();
            var vs = await setup.EmbedAtAskTimeAsync(texts, cancellationToken).ConfigureAwait(false);
            if (_cache.Count + texts.Count > MaxCached) _cache.Clear();
            var made = new Dictionary<string, float[]>(StringComparer.Ordinal);
            for (int i = 0; i < texts.Count; i++) made[texts[i]] = _cache[texts[i]] = Normalize(vs[i]);
            foreach (var i in missing) result[i] = made[sentences[i].Text];
        }
        return (q, result);
    }

    private static float[] Normalize(float[] v)
    {
        VectorIndex.Normalize(v);
        return v;
    }
}
