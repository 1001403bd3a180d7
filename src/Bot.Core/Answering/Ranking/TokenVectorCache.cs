using Bot.Core.Embeddings;

namespace Bot.Core.Answering.Ranking;

/// <summary>
/// Sentences' token vectors for the re-ranker, by text, least recently used first out once the values held pass
/// <see cref="MaxValues"/> (stored as halves: 2 bytes a value). A long-running bot (chat, Discord, eval) meets the same
/// candidates again and again; the least recently used go, so the sentences of the articles asked about stay. Thread-safe.
/// </summary>
internal sealed class TokenVectorCache(long maxValues)
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _byText = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private long _values;

    /// <summary>Most values (token vectors × dimensions) held.</summary>
    public long MaxValues { get; } = maxValues;

    /// <summary>Values held now.</summary>
    public long Values
    {
        get { lock (_byText) return _values; }
    }

    public int Count
    {
        get { lock (_byText) return _byText.Count; }
    }

    /// <summary>The text's token vectors (as floats, rounded through halves), marking it as just used.</summary>
    public bool TryGet(string text, out TokenVectors vectors)
    {
        Entry entry;
        lock (_byText)
        {
            if (!_byText.TryGetValue(text, out var node))
            {
                vectors = null!;
                return false;
            }
            _recency.Remove(node);
            _recency.AddFirst(node);
            entry = node.Value;
        }
        vectors = new TokenVectors(entry.Ids, Array.ConvertAll(entry.Vectors, h => (float)h), entry.Dimensions);
        return true;
    }

    /// <summary>
    /// Stores the text's token vectors as halves and returns them as the cache will give them back (rounded through
    /// halves), so a sentence scores the same on first use as from the cache. A text larger than the whole bound is
    /// returned rounded but not kept.
    /// </summary>
    public TokenVectors Add(string text, TokenVectors vectors)
    {
        var halves = Array.ConvertAll(vectors.Vectors, v => (Half)v);
        var rounded = new TokenVectors(vectors.Ids, Array.ConvertAll(halves, h => (float)h), vectors.Dimensions);
        if (halves.Length > MaxValues) return rounded;
        lock (_byText)
        {
            if (_byText.ContainsKey(text)) return rounded;
            while (_values + halves.Length > MaxValues && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _byText.Remove(oldest.Value.Text);
                _values -= oldest.Value.Vectors.Length;
            }
            _byText[text] = _recency.AddFirst(new Entry(text, vectors.Ids, halves, vectors.Dimensions));
            _values += halves.Length;
        }
        return rounded;
    }

    private sealed record Entry(string Text, int[] Ids, Half[] Vectors, int Dimensions);
}
