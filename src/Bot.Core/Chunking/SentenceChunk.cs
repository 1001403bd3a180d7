namespace Bot.Core.Chunking;

/// <summary>
/// A sentence of a document: paragraph number, ordinal within the document, its span, and its content hash
/// (<see cref="ContentHash"/>, as passages have: it keys the sentence's stored vector).
/// </summary>
/// <remarks>
/// The chunker makes it over its document's text: <see cref="Text"/> is cut from that text on first use (the indexer
/// writes, hashes and counts <see cref="Span"/>, so a full index makes no string of its 350k sentences).
/// </remarks>
public sealed record SentenceChunk
{
    // Not readonly: the slice caches its string on first use.
    private TextSlice _text;

    public SentenceChunk(int paragraph, int ordinal, int start, int end, string text, string hash)
    {
        (Paragraph, Ordinal, Start, End, Hash) = (paragraph, ordinal, start, end, hash);
        _text = new TextSlice(text);
    }

    /// <summary>A sentence that is <c>documentText[start..end]</c>.</summary>
    internal SentenceChunk(string documentText, int paragraph, int ordinal, int start, int end, string hash)
    {
        (Paragraph, Ordinal, Start, End, Hash) = (paragraph, ordinal, start, end, hash);
        _text = new TextSlice(documentText, start, end);
    }

    public int Paragraph { get; }
    public int Ordinal { get; }
    public int Start { get; }
    public int End { get; }
    public string Hash { get; }

    /// <summary>The sentence's text.</summary>
    public string Text => _text.Text;

    /// <summary>The sentence's text without making a string of it.</summary>
    internal ReadOnlySpan<char> Span => _text.Span;

    public bool Equals(SentenceChunk? other) =>
        other is not null && Paragraph == other.Paragraph && Ordinal == other.Ordinal && Start == other.Start && End == other.End && Hash == other.Hash
        && Span.SequenceEqual(other.Span);

    public override int GetHashCode() => HashCode.Combine(Paragraph, Ordinal, Start, End, Hash);
}
