using System.Collections.Concurrent;
using Microsoft.ML.Tokenizers;

namespace Bot.Core.Chunking;

/// <summary>
/// Counts tokens with the o200k_base encoding (GPT-4o family) from Microsoft.ML.Tokenizers. A text's count is the sum of
/// its pre-tokenizer pieces' counts (tiktoken encodes each piece on its own), and each distinct piece is encoded once per
/// process: most pieces of a corpus are words seen before, so counting the index's every sentence costs the pre-tokenizer
/// and a lookup per word rather than a byte-pair merge per word (about a quarter of a lexical index's CPU before).
/// </summary>
public static class TokenCounter
{
    private static readonly Lazy<Tokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"));

    // Bounded: cleared when full (a piece is at most a word or a run of punctuation, digits or spaces).
    private const int MaxPieces = 200_000;
    private static readonly ConcurrentDictionary<string, int> Pieces = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> PieceLookup =
        Pieces.GetAlternateLookup<ReadOnlySpan<char>>();
    // Pieces added since the last clear, kept apart: ConcurrentDictionary.Count takes every lock of the table, on each miss.
    private static int _added;

    public static Tokenizer Instance => Tokenizer.Value;

    public static int Count(string text) => Count(text.AsSpan());

    public static int Count(ReadOnlySpan<char> text)
    {
        var tokenizer = Tokenizer.Value;
        if (tokenizer.PreTokenizer is not { } pre) return tokenizer.CountTokens(text);
        int count = 0;
        foreach (var (offset, length) in pre.PreTokenize(text))
            count += CountPiece(tokenizer, text.Slice(offset, length));
        return count;
    }

    private static int CountPiece(Tokenizer tokenizer, ReadOnlySpan<char> piece)
    {
        if (PieceLookup.TryGetValue(piece, out var known)) return known;
        int count = tokenizer.CountTokens(piece, considerPreTokenization: false);
        if (Interlocked.Increment(ref _added) > MaxPieces)
        {
            Pieces.Clear();
            Interlocked.Exchange(ref _added, 1);
        }
        PieceLookup.TryAdd(piece, count);
        return count;
    }
}
