using Bot.Core.Search.Vectors;

namespace Bot.Core.Indexing;

/// <summary>
/// The vectors half of an index store (<see cref="IIndexStore.Vectors"/>): passage and sentence vectors keyed by model
/// and content hash, so unchanged texts keep theirs across re-indexing. Each write is one transaction.
/// </summary>
public interface IIndexVectorStore
{
    /// <summary>
    /// Up to <paramref name="limit"/> distinct indexed passages without a vector made by <paramref name="modelKey"/>, in
    /// passage-hash order after <paramref name="afterHash"/> (null: from the start) so callers can page through.
    /// </summary>
    Task<IReadOnlyList<PendingPassage>> ListPassagesWithoutVectorsAsync(string modelKey, string? afterHash, int limit, CancellationToken cancellationToken);

    /// <summary>Stores vectors (one transaction); existing ones for the same model and passage hash are replaced.</summary>
    Task AddVectorsAsync(VectorBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="ListPassagesWithoutVectorsAsync"/> for sentences: distinct sentence texts (by content hash, the
    /// same hash as passages') without a vector made by <paramref name="modelKey"/>, in hash order after <paramref name="afterHash"/>.
    /// </summary>
    Task<IReadOnlyList<PendingPassage>> ListSentencesWithoutVectorsAsync(string modelKey, string? afterHash, int limit, CancellationToken cancellationToken);

    /// <summary>Stores sentence vectors (one transaction), keyed by sentence hash (<see cref="EncodedVector.PassageHash"/> holds it).</summary>
    Task AddSentenceVectorsAsync(VectorBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// Gives every sentence without a vector under <paramref name="modelKey"/> whose text is a whole passage's (the same
    /// content hash: a one-sentence passage) that passage's vector under the same key, in one transaction, so the same
    /// text is not run through the model twice. Returns how many sentences got one.
    /// </summary>
    Task<int> CopyPassageVectorsToSentencesAsync(string modelKey, CancellationToken cancellationToken);

    /// <summary>
    /// The passages with these content hashes (one stored passage per hash; unknown hashes are left out), each with its
    /// sentences' hashes and spans within the passage's text.
    /// </summary>
    Task<IReadOnlyList<PassageSentences>> GetPassageSentencesAsync(IReadOnlyList<string> passageHashes, CancellationToken cancellationToken);

    /// <summary>The distinct content hashes of passages that hold a sentence with one of these hashes (one passage per sentence hash).</summary>
    Task<IReadOnlyList<string>> GetPassagesOfSentencesAsync(IReadOnlyList<string> sentenceHashes, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes passage and sentence vectors no indexed passage or sentence uses. With <paramref name="modelKey"/>, also
    /// those of other models and those of this model in another encoding than <paramref name="encoding"/> (they must be
    /// re-made); sentence vectors are kept only under <paramref name="sentenceModelKey"/> (null: <paramref name="modelKey"/>).
    /// Returns how many went.
    /// </summary>
    Task<int> PruneVectorsAsync(string? modelKey, string? sentenceModelKey, VectorEncoding encoding, CancellationToken cancellationToken);
}
