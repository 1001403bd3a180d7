using Bot.Core.Indexing;

namespace Bot.Core.Tests.Search;

/// <summary>An in-memory index reader: BM25 is "passages containing any term, in insertion order", vectors are whatever the test stores.</summary>
internal sealed class FakeIndexReader : IIndexReader
{
    public List<PassageHit> Passages { get; } = [];

    public Dictionary<string, List<PassageVector>> Vectors { get; } = [];

    public int VectorListings { get; private set; }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public PassageHit AddPassage(string text)
    {
        var hit = new PassageHit(Passages.Count + 1, 1, "seeds/a.txt", "A", null, Passages.Count + 1, 0, text.Length, 0, 0, text, 0);
        Passages.Add(hit);
        return hit;
    }

    public Task<IReadOnlyList<PassageHit>> SearchPassagesAsync(IReadOnlyCollection<string> terms, int limit, CancellationToken cancellationToken)
    {
        var hits = Passages
            .Select(p => p with { Score = terms.Count(t => p.Text.Contains(t, StringComparison.OrdinalIgnoreCase)) })
            .Where(p => p.Score > 0)
            .OrderByDescending(p => p.Score)
            .Take(limit)
            .ToList();
        return Task.FromResult<IReadOnlyList<PassageHit>>(hits);
    }

    public Task<IReadOnlyList<PassageHit>> GetPassagesAsync(IReadOnlyCollection<long> passageIds, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<PassageHit>>(Passages.Where(p => passageIds.Contains(p.PassageId)).ToList());

    public Task<IReadOnlyList<PassageHit>> GetParagraphPassagesAsync(IReadOnlyCollection<(long DocumentId, int Paragraph)> paragraphs, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<PassageHit>>(Passages.Where(p => paragraphs.Contains((p.DocumentId, p.Paragraph))).ToList());

    public Task<IReadOnlyList<PassageVector>> ListPassageVectorsAsync(string modelKey, CancellationToken cancellationToken)
    {
        VectorListings++;
        return Task.FromResult<IReadOnlyList<PassageVector>>(Vectors.TryGetValue(modelKey, out var list) ? list.ToList() : []);
    }

    public Task<string> GetVectorStampAsync(string modelKey, CancellationToken cancellationToken)
        => Task.FromResult(Vectors.TryGetValue(modelKey, out var list) ? $"{list.Count}:{list.Sum(v => v.PassageId)}" : "0");

    public Task<IReadOnlyList<(SentenceRow Sentence, double Score)>> SearchSentencesAsync(IReadOnlyCollection<string> terms, int limit, CancellationToken cancellationToken)
        => throw new NotSupportedException();

    public Task<IReadOnlyList<SentenceRow>> GetParagraphSentencesAsync(IReadOnlyCollection<(long DocumentId, int Paragraph)> paragraphs, CancellationToken cancellationToken)
        => throw new NotSupportedException();

    public Task<IReadOnlyList<byte[]?>> GetSentenceVectorsAsync(string modelKey, IReadOnlyList<SentenceRow> sentences, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<byte[]?>>(sentences.Select(_ => (byte[]?)null).ToList());

    /// <summary>The one document's text, for quotes that span sentences (null: spanning is not expected).</summary>
    public string? DocumentText { get; init; }

    public Task<string> GetTextAsync(long documentId, int start, int end, CancellationToken cancellationToken) =>
        DocumentText is { } text ? Task.FromResult(text[start..end]) : throw new NotSupportedException();

    public Task<string> GetDocumentTextAsync(long documentId, CancellationToken cancellationToken) =>
        DocumentText is { } text ? Task.FromResult(text) : throw new NotSupportedException();

    public Task<Bot.Core.Documents.DocumentGenre> GetDocumentGenreAsync(long documentId, CancellationToken cancellationToken) =>
        DocumentText is { } text ? Task.FromResult(Bot.Core.Documents.GenreDetector.Detect(text)) : throw new NotSupportedException();

    public Task<(IReadOnlyDictionary<string, int> Frequencies, int SentenceCount)> GetSentenceFrequenciesAsync(IReadOnlyCollection<string> stems, CancellationToken cancellationToken)
        => throw new NotSupportedException();

    public Task<IReadOnlyDictionary<string, IReadOnlyList<long>>> GetWordDocumentsAsync(IReadOnlyCollection<string> words, CancellationToken cancellationToken)
        => throw new NotSupportedException();

    public Task<IReadOnlyList<(string Stem, int Sentences)>> ListStemsAsync(string prefix, int minLength, int maxLength, CancellationToken cancellationToken)
        => throw new NotSupportedException();
}
