namespace Bot.Core.Chunking;

/// <summary>
/// A retrieval unit: consecutive sentences of one paragraph within the token budget.
/// <see cref="FirstSentence"/>..<see cref="LastSentence"/> are document sentence ordinals (inclusive).
/// </summary>
/// <remarks>
/// The chunker makes it over its document's text: <see cref="Text"/> is cut from that text on first use (the indexer
/// writes, hashes and counts <see cref="Span"/>, so a full index makes no string of its passages).
/// </remarks>
public sealed record PassageChunk
{
    // Not readonly: the slice caches its string on first use.
    private TextSlice _text;

    public PassageChunk(int ordinal, int paragraph, int start, int end, string text, int tokens, int firstSentence, int lastSentence, string hash)
    {
        (Ordinal, Paragraph, Start, End, Tokens, FirstSentence, LastSentence, Hash) = (ordinal, paragraph, start, end, tokens, firstSentence, lastSentence, hash);
        _text = new TextSlice(text);
    }

    /// <summary>A passage that is <c>documentText[start..end]</c>.</summary>
    internal PassageChunk(string documentText, int ordinal, int paragraph, int start, int end, int tokens, int firstSentence, int lastSentence, string hash)
    {
        (Ordinal, Paragraph, Start, End, Tokens, FirstSentence, LastSentence, Hash) = (ordinal, paragraph, start, end, tokens, firstSentence, lastSentence, hash);
        _text = new TextSlice(documentText, start, end);
    }

    public int Ordinal { get; }
    public int Paragraph { get; }
    public int Start { get; }
    public int End { get; }
    public int Tokens { get; }
    public int FirstSentence { get; }
    public int LastSentence { get; }
    public string Hash { get; }

    /// <summary>The passage's text.</summary>
    public string Text => _text.Text;

    /// <summary>The passage's text without making a string of it.</summary>
    internal ReadOnlySpan<char> Span => _text.Span;

    public bool Equals(PassageChunk? other) =>
        other is not null && Ordinal == other.Ordinal && Paragraph == other.Paragraph && Start == other.Start && End == other.End && Tokens == other.Tokens
        && FirstSentence == other.FirstSentence && LastSentence == other.LastSentence && Hash == other.Hash && Span.SequenceEqual(other.Span);

    public override int GetHashCode() => HashCode.Combine(Ordinal, Paragraph, Start, End, Tokens, FirstSentence, LastSentence, Hash);
}
