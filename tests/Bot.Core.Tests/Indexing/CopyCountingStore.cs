using Bot.Core.Chunking;
using Bot.Core.Indexing;
using Bot.Core.Search.Vectors;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Indexing;

/// <summary>
/// A real store passed through unchanged, counting the calls to <see cref="IIndexVectorStore.CopyPassageVectorsToSentencesAsync"/>
/// (a scan of every passage vector in a write transaction), so a test can see that a run with nothing to copy skips it.
/// </summary>
internal sealed class CopyCountingStore(IIndexStore inner) : IIndexStore, IIndexVectorStore, IAsyncDisposable, IDisposable
{
    private int _copies;

    /// <summary>How many times the copy ran.</summary>
    public int Copies => Volatile.Read(ref _copies);

    /// <summary>Registers the store <paramref name="services"/> would make, wrapped in a counting store.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IIndexStore));
        services.Remove(registered);
        services.AddSingleton(sp => new CopyCountingStore((IIndexStore)(registered.ImplementationInstance ?? registered.ImplementationFactory!(sp))));
        services.AddSingleton<IIndexStore>(sp => sp.GetRequiredService<CopyCountingStore>());
    }

    public string Description => inner.Description;

    public IIndexVectorStore Vectors => this;

    public Task<bool> InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task<IReadOnlyList<StoredDocument>> ListDocumentsAsync(CancellationToken cancellationToken) => inner.ListDocumentsAsync(cancellationToken);

    public Task<bool> HasDocumentsAsync(CancellationToken cancellationToken) => inner.HasDocumentsAsync(cancellationToken);

    public Task<IReadOnlyList<StoredAlias>> ListAliasesAsync(CancellationToken cancellationToken) => inner.ListAliasesAsync(cancellationToken);

    public Task UpsertDocumentAsync(ChunkedDocument document, FileStamp stamp, CancellationToken cancellationToken) => inner.UpsertDocumentAsync(document, stamp, cancellationToken);

    public Task UpsertDocumentsAsync(IReadOnlyList<(ChunkedDocument Document, FileStamp Stamp)> documents, CancellationToken cancellationToken) => inner.UpsertDocumentsAsync(documents, cancellationToken);

    public Task RemoveDocumentAsync(long documentId, CancellationToken cancellationToken) => inner.RemoveDocumentAsync(documentId, cancellationToken);

    public Task MoveDocumentAsync(long documentId, string newPath, FileStamp stamp, CancellationToken cancellationToken) => inner.MoveDocumentAsync(documentId, newPath, stamp, cancellationToken);

    public Task TouchDocumentAsync(long documentId, FileStamp stamp, CancellationToken cancellationToken) => inner.TouchDocumentAsync(documentId, stamp, cancellationToken);

    public Task SetAliasAsync(StoredAlias alias, CancellationToken cancellationToken) => inner.SetAliasAsync(alias, cancellationToken);

    public Task RemoveAliasAsync(string path, CancellationToken cancellationToken) => inner.RemoveAliasAsync(path, cancellationToken);

    public Task<string?> GetSeedManifestAsync(CancellationToken cancellationToken) => inner.GetSeedManifestAsync(cancellationToken);

    public Task SetSeedManifestAsync(string? manifest, CancellationToken cancellationToken) => inner.SetSeedManifestAsync(manifest, cancellationToken);

    public Task<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken) => inner.VerifyAsync(cancellationToken);

    public Task<IIndexReader> OpenReaderAsync(CancellationToken cancellationToken) => inner.OpenReaderAsync(cancellationToken);

    public Task<IReadOnlyList<SourceSummary>> ListSourcesAsync(CancellationToken cancellationToken) => inner.ListSourcesAsync(cancellationToken);

    public Task<string?> GetDocumentTextAsync(string path, CancellationToken cancellationToken) => inner.GetDocumentTextAsync(path, cancellationToken);

    public Task<IReadOnlyList<PendingPassage>> ListPassagesWithoutVectorsAsync(string modelKey, string? afterHash, int limit, CancellationToken cancellationToken) =>
        inner.Vectors.ListPassagesWithoutVectorsAsync(modelKey, afterHash, limit, cancellationToken);

    public Task AddVectorsAsync(VectorBatch batch, CancellationToken cancellationToken) => inner.Vectors.AddVectorsAsync(batch, cancellationToken);

    public Task<IReadOnlyList<PendingPassage>> ListSentencesWithoutVectorsAsync(string modelKey, string? afterHash, int limit, CancellationToken cancellationToken) =>
        inner.Vectors.ListSentencesWithoutVectorsAsync(modelKey, afterHash, limit, cancellationToken);

    public Task AddSentenceVectorsAsync(VectorBatch batch, CancellationToken cancellationToken) => inner.Vectors.AddSentenceVectorsAsync(batch, cancellationToken);

    public Task<int> CopyPassageVectorsToSentencesAsync(string modelKey, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _copies);
        return inner.Vectors.CopyPassageVectorsToSentencesAsync(modelKey, cancellationToken);
    }

    public Task<IReadOnlyList<PassageSentences>> GetPassageSentencesAsync(IReadOnlyList<string> passageHashes, CancellationToken cancellationToken) =>
        inner.Vectors.GetPassageSentencesAsync(passageHashes, cancellationToken);

    public Task<IReadOnlyList<string>> GetPassagesOfSentencesAsync(IReadOnlyList<string> sentenceHashes, CancellationToken cancellationToken) =>
        inner.Vectors.GetPassagesOfSentencesAsync(sentenceHashes, cancellationToken);

    public Task<int> PruneVectorsAsync(string? modelKey, string? sentenceModelKey, VectorEncoding encoding, CancellationToken cancellationToken) =>
        inner.Vectors.PruneVectorsAsync(modelKey, sentenceModelKey, encoding, cancellationToken);

    public ValueTask DisposeAsync() => inner is IAsyncDisposable d ? d.DisposeAsync() : ValueTask.CompletedTask;

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
