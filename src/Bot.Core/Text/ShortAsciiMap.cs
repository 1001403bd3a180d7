using System.Numerics;
using System.Runtime.CompilerServices;

namespace Bot.Core.Text;

/// <summary>
/// A map from short ASCII strings (1 to 9 characters, none of them NUL) to values, each key packed into a
/// <see cref="ulong"/> (seven bits a character) and kept with its value in one open-addressing array: a lookup is a
/// multiply and usually one memory access, where a <see cref="Dictionary{TKey, TValue}"/> of strings reads a bucket, an
/// entry and the key's own string (three cache misses on a table of 100k+ words, the indexer's hot lookups). Keys it
/// cannot pack (longer, non-ASCII) are the caller's to keep elsewhere: <see cref="TryPack"/> says which.
/// Not thread-safe.
/// </summary>
internal sealed class ShortAsciiMap<T>
{
    private ulong[] _keys;
    private T[] _values;
    private int _mask, _shift;

    public ShortAsciiMap(int capacity = 1 << 12)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity * 2));
        _keys = new ulong[size];
        _values = new T[size];
        _mask = size - 1;
        _shift = 64 - BitOperations.Log2((uint)size);
    }

    /// <summary>The number of keys held.</summary>
    public int Count { get; private set; }

    /// <summary>The packed key of <paramref name="text"/> (never 0), or false when it is empty, over 9 characters, or not 7-bit ASCII without NUL.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryPack(ReadOnlySpan<char> text, out ulong key)
    {
        key = 0;
        if (text.Length is 0 or > 9) return false;
        foreach (char c in text)
        {
            if (c is '\0' or > (char)127) return false;
            key = (key << 7) | c;
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);

    /// <summary>The value stored under a packed key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetValue(ulong key, out T value)
    {
        var keys = _keys;
        for (int i = Home(key); ; i = (i + 1) & _mask)
        {
            ulong k = keys[i];
            if (k == key)
            {
                value = _values[i];
                return true;
            }
            if (k == 0)
            {
                value = default!;
                return false;
            }
        }
    }

    /// <summary>Stores (or replaces) the value under a packed key.</summary>
    public void Set(ulong key, T value)
    {
        ArgumentOutOfRangeException.ThrowIfZero(key);
        if ((Count + 1) * 2 > _keys.Length) Grow();
        for (int i = Home(key); ; i = (i + 1) & _mask)
        {
            if (_keys[i] == key)
            {
                _values[i] = value;
                return;
            }
            if (_keys[i] == 0)
            {
                _keys[i] = key;
                _values[i] = value;
                Count++;
                return;
            }
        }
    }

    /// <summary>Removes every key (the arrays are kept).</summary>
    public void Clear()
    {
        Array.Clear(_keys);
        Array.Clear(_values);
        Count = 0;
    }

    private void Grow()
    {
        var (keys, values) = (_keys, _values);
        int size = keys.Length * 2;
        _keys = new ulong[size];
        _values = new T[size];
        _mask = size - 1;
        _shift = 64 - BitOperations.Log2((uint)size);
        Count = 0;
        for (int i = 0; i < keys.Length; i++)
            if (keys[i] != 0) Set(keys[i], values[i]);
    }
}
