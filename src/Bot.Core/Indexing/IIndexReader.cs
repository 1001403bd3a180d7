namespace Bot.Core.Indexing;

/// <summary>
/// A consistent read view of the index: every query made through one reader sees the same snapshot, so an answer
/// never mixes two versions of a document that is being re-indexed.
/// </summary>
public interface IIndexReader : IAsyncDisposable
{
    /// <summary>BM25 over passages; <paramref name="terms"/> are OR-ed (each may be a phrase).</summary>
    Task<IReadOnlyList<PassageHit>> SearchPassagesAsync(IReadOnlyCollection<string> terms, int limit, CancellationToken cancellationToken);

    /// <summary>BM25 over single sentences (the baseline and a recall aid).</summary>
    Task<IReadOnlyList<(SentenceRow Sentence, double Score)>> SearchSentencesAsync(IReadOnlyCollection<string> terms, int limit, CancellationToken cancellationToken);

    /// <summary>Every sentence of the given paragraphs, in document order.</summary>
    Task<IReadOnlyList<SentenceRow>> GetParagraphSentencesAsync(IReadOnlyCollection<(long DocumentId, int Paragraph)> paragraphs, CancellationToken cancellationToken);

    /// <summary>
    /// Every passage of the given paragraphs (score 0), each paragraph's in document order: a paragraph found through
    /// one of its sentences can then be shown as passages even when passage search did not return them.
    /// </summary>
    Task<IReadOnlyList<PassageHit>> GetParagraphPassagesAsync(IReadOnlyCollection<(long DocumentId, int Paragraph)> paragraphs, CancellationToken cancellationToken);

    /// <summary>Passages by id (vector hits are resolved through this).</summary>
    Task<IReadOnlyList<PassageHit>> GetPassagesAsync(IReadOnlyCollection<long> passageIds, CancellationToken cancellationToken);

    /// <summary>The document's text in [start, end) (what a quote spanning several sentences shows).</summary>
    Task<string> GetTextAsync(long documentId, int start, int end, CancellationToken cancellationToken);

    /// <summary>The document's whole stored text.</summary>
    Task<string> GetDocumentTextAsync(long documentId, CancellationToken cancellationToken);

    /// <summary>The document's genre (<see cref="Documents.GenreDetector"/>), stored when the document was written.</summary>
    Task<Documents.DocumentGenre> GetDocumentGenreAsync(long documentId, CancellationToken cancellationToken);

    /// <summary>
    /// Every indexed passage's vector made by <paramref name="modelKey"/> (EmbeddingSetup.ModelKey), as stored (decode with
    /// VectorBlob in the setup's StorageEncoding). Passages without one (not embedded yet) are left out.
    /// </summary>
    Task<IReadOnlyList<PassageVector>> ListPassageVectorsAsync(string modelKey, CancellationToken cancellationToken);

    /// <summary>
    /// The stored vector made by <paramref name="modelKey"/> of each sentence (by its content hash), as stored (decode
    /// with VectorBlob in the setup's StorageEncoding), in the order given; null for a sentence without one. One query.
    /// </summary>
    Task<IReadOnlyList<byte[]?>> GetSentenceVectorsAsync(string modelKey, IReadOnlyList<SentenceRow> sentences, CancellationToken cancellationToken);

    /// <summary>In how many sentences each Porter stem occurs, and how many sentences there are.</summary>
    Task<(IReadOnlyDictionary<string, int> Frequencies, int SentenceCount)> GetSentenceFrequenciesAsync(IReadOnlyCollection<string> stems, CancellationToken cancellationToken);

    /// <summary>
    /// For each word (a normal form, as in a question's terms), the ids of the documents with a sentence holding its
    /// Porter stem (the abstainer asks whether the best candidate's whole document mentions the question's rare words).
    /// </summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<long>>> GetWordDocumentsAsync(IReadOnlyCollection<string> words, CancellationToken cancellationToken);

    /// <summary>
    /// The corpus's sentence stems (the keys of <see cref="GetSentenceFrequenciesAsync"/>) that start with
    /// <paramref name="prefix"/> and are <paramref name="minLength"/> to <paramref name="maxLength"/> characters long,
    /// each with the number of sentences holding it: the vocabulary a misspelt question word is corrected against.
    /// </summary>
    Task<IReadOnlyList<(string Stem, int Sentences)>> ListStemsAsync(string prefix, int minLength, int maxLength, CancellationToken cancellationToken);

    /// <summary>
    /// A cheap fingerprint of the stored vectors of <paramref name="modelKey"/>: it changes whenever a vector is added or
    /// removed, so a retriever can keep its in-memory vector index until the index really changed.
    /// </summary>
    Task<string> GetVectorStampAsync(string modelKey, CancellationToken cancellationToken);
}
