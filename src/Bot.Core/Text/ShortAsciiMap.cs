using System.Numerics;
using System.Runtime.CompilerServices;

namespace Bot.Core.Text;

/// <summary>
/// A map from short ASCII strings (1 to 18 characters, none of them NUL) to values, each key packed into a
/// <see cref="UInt128"/> (seven bits a character) and kept with its value in one open-addressing array: a lookup is a
/// multiply and usually one memory access, where a <see cref="Dictionary{TKey, TValue}"/> of strings reads a bucket, an
/// entry and the key's own string (three cache misses on a table of 100k+ words, the indexer's hot lookups). Keys it
/// cannot pack (longer, non-ASCII) are the caller's to keep elsewhere: <see cref="TryPack"/> says which.
/// Not thread-safe.
/// </summary>
internal sealed class ShortAsciiMap<T>
{
    // Key and value side by side: a lookup that finds its key reads one cache line.
    private struct Entry
    {
        public UInt128 Key;
        public T Value;
    }

    private Entry[] _entries;
    private int _mask, _shift;

    public ShortAsciiMap(int capacity = 1 << 12)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity * 2));
        _entries = new Entry[size];
        _mask = size - 1;
        _shift = 64 - BitOperations.Log2((uint)size);
    }

    /// <summary>The number of keys held.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// The packed key of <paramref name="text"/> (never 0), or false (and 0) when it is empty, over 18 characters, or not
    /// 7-bit ASCII without NUL.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryPack(ReadOnlySpan<char> text, out UInt128 key)
    {
        key = 0;
        if (text.Length is 0 or > 18) return false;
        // The first nine characters in the high half, the rest in the low one; a NUL-free text's length is implied.
        ulong high = 0, low = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is '\0' or > (char)127) return false;
            if (i < 9) high = (high << 7) | c;
            else low = (low << 7) | c;
        }
        key = new UInt128(high, low);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(UInt128 key) =>
        (int)((((ulong)(key >> 64) * 0x9E3779B97F4A7C15UL) ^ ((ulong)key * 0xC2B2AE3D27D4EB4FUL)) >> _shift);

    /// <summary>The value stored under a packed key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetValue(UInt128 key, out T value)
    {
        var entries = _entries;
        for (int i = Home(key); ; i = (i + 1) & _mask)
        {
            var k = entries[i].Key;
            if (k == key)
            {
                value = entries[i].Value;
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
    public void Set(UInt128 key, T value)
    {
        if (key == UInt128.Zero) throw new ArgumentOutOfRangeException(nameof(key), "the key 0 marks an empty slot");
        if ((Count + 1) * 2 > _entries.Length) Grow();
        for (int i = Home(key); ; i = (i + 1) & _mask)
        {
            ref var entry = ref _entries[i];
            if (entry.Key == key)
            {
                entry.Value = value;
                return;
            }
            if (entry.Key == 0)
            {
                entry.Key = key;
                entry.Value = value;
                Count++;
                return;
            }
        }
    }

    /// <summary>Removes every key (the arrays are kept).</summary>
    public void Clear()
    {
        Array.Clear(_entries);
        Count = 0;
    }

    private void Grow()
    {
        var old = _entries;
        int size = old.Length * 2;
        _entries = new Entry[size];
        _mask = size - 1;
        _shift = 64 - BitOperations.Log2((uint)size);
        Count = 0;
        foreach (var entry in old)
            if (entry.Key != 0) Set(entry.Key, entry.Value);
    }
}
