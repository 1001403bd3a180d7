using Bot.Core.Embeddings;
using Bot.Core.Search.Vectors;

namespace Bot.Core.Indexing;

/// <summary>
/// Embeds passages with the configured <see cref="EmbeddingSetup"/> and encodes them for storage. Made from an
/// <see cref="EmbeddingSetupProvider"/>, the model is loaded only when something needs embedding: a run that finds every
/// vector in place (the refresh before `bot ask`) never loads it.
/// </summary>
public sealed class EmbeddingIndexStep : IIndexEmbeddingStep
{
    private readonly Func<EmbeddingSetup> _setup;

    public EmbeddingIndexStep(EmbeddingSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        _setup = () => setup;
        ModelKey = setup.ModelKey;
        SentenceModelKey = setup.SentenceModelKey;
        DerivesSentences = setup.SentenceVectors == SentenceVectorMode.Derived;
        Encoding = setup.StorageEncoding;
        BatchSize = Batch(setup.BatchSize);
        Concurrency = setup.IndexConcurrency;
    }

    /// <exception cref="InvalidOperationException">Embeddings are not configured.</exception>
    public EmbeddingIndexStep(EmbeddingSetupProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ModelKey = provider.ModelKey ?? throw new InvalidOperationException("Embeddings are not configured (Bot:Embeddings:Provider is none).");
        _setup = () => provider.Setup ?? throw new InvalidOperationException("Embeddings are not configured.");
        SentenceModelKey = provider.SentenceModelKey ?? ModelKey;
        DerivesSentences = provider.SentenceVectors == SentenceVectorMode.Derived;
        Encoding = provider.StorageEncoding;
        BatchSize = Batch(provider.BatchSize);
        Concurrency = provider.IndexConcurrency;
    }

    public string ModelKey { get; }

    public string SentenceModelKey { get; }

    public bool DerivesSentences { get; }

    public VectorEncoding Encoding { get; }

    public int BatchSize { get; }

    public int Concurrency { get; }

    // Several generator batches per store transaction: fewer commits, same number of embedding calls.
    private static int Batch(int generatorBatch) => Math.Max(1, generatorBatch) * 8;

    public Task PrepareAsync(CancellationToken cancellationToken)
    {
        // The corpus's model too (Int8Corpus: the int8 copy), so a copy that cannot be made is the run's error, as a
        // model that cannot be loaded is.
        _ = _setup().CorpusGenerator;
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<byte[]>> EmbedAsync(IReadOnlyList<string> passages, CancellationToken cancellationToken)
    {
        var setup = _setup();
        var vectors = await setup.EmbedPassagesAsync(passages, null, cancellationToken).ConfigureAwait(false);
        return vectors.Select(v => VectorBlob.Encode(v, setup.StorageEncoding)).ToList();
    }

    public async Task<IReadOnlyList<(byte[] Passage, IReadOnlyList<byte[]> Sentences)>> EmbedWithSentencesAsync(IReadOnlyList<PassageSentences> passages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passages);
        var setup = _setup();
        var spanned = passages.Select(p => new SpannedText(p.Text, p.Sentences.Select(s => (s.Start, s.End)).ToList())).ToList();
        var vectors = await setup.EmbedPassagesWithSentencesAsync(spanned, cancellationToken).ConfigureAwait(false);
        return vectors.Select(v => (VectorBlob.Encode(v.Text, setup.StorageEncoding), (IReadOnlyList<byte[]>)v.Spans.Select(s => VectorBlob.Encode(s, setup.StorageEncoding)).ToList())).ToList();
    }
}
