using System.Diagnostics.CodeAnalysis;

namespace Bot.Core.Text;

/// <summary>
/// A map from text to values that keeps short ASCII keys in a <see cref="ShortAsciiMap{T}"/> (one memory access a
/// lookup) and the rest (longer, non-ASCII) in an ordinal dictionary looked up by span: the two-level lookup the
/// token counter's piece cache and the indexer's token → term slots share. Not thread-safe.
/// </summary>
internal sealed class ShortAsciiFirstMap<T>
{
    private readonly ShortAsciiMap<T> _short;
    private readonly Dictionary<string, T> _other = new(StringComparer.Ordinal);

    // Made once: GetAlternateLookup checks the comparer on every call, and both users look keys up on hot paths.
    private readonly Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> _otherBySpan;

    public ShortAsciiFirstMap(int shortCapacity)
    {
        _short = new(shortCapacity);
        _otherBySpan = _other.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The number of keys held (both levels).</summary>
    public int Count => _short.Count + _other.Count;

    /// <summary>The value stored under <paramref name="text"/>.</summary>
    public bool TryGetValue(ReadOnlySpan<char> text, [MaybeNullWhen(false)] out T value) =>
        ShortAsciiMap<T>.TryPack(text, out var key)
            ? _short.TryGetValue(key, out value)
            : _otherBySpan.TryGetValue(text, out value);

    /// <summary>Stores (or replaces) the value under <paramref name="text"/>.</summary>
    public void Set(ReadOnlySpan<char> text, T value)
    {
        if (ShortAsciiMap<T>.TryPack(text, out var key)) _short.Set(key, value);
        else _otherBySpan[text] = value;
    }

    /// <summary>Removes every key.</summary>
    public void Clear()
    {
        _short.Clear();
        _other.Clear();
    }
}
