namespace Bot.Core.Chunking;

/// <summary>
/// A chunk's text as a slice of its document's text (<see cref="PassageChunk"/>, <see cref="SentenceChunk"/>): made a
/// string only when <see cref="Text"/> is first asked for, while <see cref="Span"/> reads it in place. Mutable (it caches
/// that string): keep it in a field that is not readonly.
/// </summary>
internal struct TextSlice
{
    private readonly string _source;
    private readonly int _offset, _length;
    private string? _text;

    /// <summary>The whole of <paramref name="text"/>, already a string.</summary>
    public TextSlice(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        (_source, _offset, _length, _text) = (text, 0, text.Length, text);
    }

    /// <summary><c>documentText[start..end]</c>.</summary>
    public TextSlice(string documentText, int start, int end)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, documentText.Length);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        (_source, _offset, _length) = (documentText, start, end - start);
    }

    public string Text => _text ??= _source.Substring(_offset, _length);

    public readonly ReadOnlySpan<char> Span => _source.AsSpan(_offset, _length);
}
