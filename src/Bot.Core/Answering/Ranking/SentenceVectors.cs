using System.Collections.Concurrent;
using System.Numerics.Tensors;
using Bot.Core.Embeddings;
using Bot.Core.Search;

namespace Bot.Core.Answering.Ranking;

/// <summary>
/// Question and candidate-sentence embeddings for the ranker's vector features, when an embedding model is active.
/// </summary>
public sealed class SentenceVectors(EmbeddingSetupProvider provider)
{
    private readonly ConcurrentDictionary<string, float[]> _cache = new(StringComparer.Ordinal);

    public bool IsActive => provider.IsConfigured;

    internal async Task<(float[] Question, IReadOnlyList<float[]> Sentences)?> EmbedAsync(string question, IReadOnlyList<SentenceRow> sentences, CancellationToken cancellationToken)
    {
        if (provider.Setup is not { } setup) return null;
        var q = Normalize(await setup.EmbedQueryAsync(question, cancellationToken).ConfigureAwait(false));
        var missing = sentences.Select(s => s.Text).Where(t => !_cache.ContainsKey(t)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var vs = await setup.EmbedPassagesAsync(missing, null, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < missing.Count; i++) _cache[missing[i]] = Normalize(vs[i]);
        }
        return (q, sentences.Select(s => _cache[s.Text]).ToList());
    }

    private static float[] Normalize(float[] v)
    {
        var n = TensorPrimitives.Norm(v);
        if (n > 0) TensorPrimitives.Divide(v, n, v);
        return v;
    }
}
