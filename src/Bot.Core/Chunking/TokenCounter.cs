using System.Runtime.CompilerServices;
using Bot.Core.Text;
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

    // Bounded: cleared when full (a piece is at most a word or a run of punctuation, digits or spaces). A plain
    // dictionary under a lock taken once per text, not a ConcurrentDictionary: its lookups (a randomized hash and a node
    // per entry) were ~8 % of a 100k index's CPU, the lock is uncontended (one indexer counts; prompts rarely).
    private const int MaxPieces = 200_000;
    // Pieces by text, short ASCII ones (most of them: " word", "word", ","; up to 18 characters) in a packed-key table:
    // one memory access a lookup, where a dictionary's (bucket, entry, the key's string) were ~6 % of a 100k index's CPU.
    private static readonly ShortAsciiFirstMap<int> Pieces = new(1 << 16);
    private static readonly Lock Gate = new();

    public static Tokenizer Instance => Tokenizer.Value;

    public static int Count(string text) => Count(text.AsSpan());

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Count(ReadOnlySpan<char> text)
    {
        var tokenizer = Tokenizer.Value;
        if (tokenizer.PreTokenizer is not { } pre) return tokenizer.CountTokens(text);
        int count = 0;
        lock (Gate)
        {
            if (O200kAsciiPieces.Applies(text))
            {
                int at = 0;
                while (O200kAsciiPieces.Next(text, ref at, out int start)) count += CountPiece(tokenizer, text[start..at]);
            }
            else
            {
                foreach (var (offset, length) in pre.PreTokenize(text))
                    count += CountPiece(tokenizer, text.Slice(offset, length));
            }
        }
        return count;
    }

    /// <summary>The pre-tokenizer's pieces (offset, length) of a text, by the path <see cref="Count(ReadOnlySpan{char})"/> takes (for tests).</summary>
    internal static List<(int Offset, int Length)> PreTokenized(string text, bool regex)
    {
        var pieces = new List<(int, int)>();
        if (regex || !O200kAsciiPieces.Applies(text)) pieces.AddRange(Tokenizer.Value.PreTokenizer!.PreTokenize(text));
        else
        {
            int at = 0;
            while (O200kAsciiPieces.Next(text, ref at, out int start)) pieces.Add((start, at - start));
        }
        return pieces;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountPiece(Tokenizer tokenizer, ReadOnlySpan<char> piece)
    {
        if (Pieces.TryGetValue(piece, out var known)) return known;
        int count = tokenizer.CountTokens(piece, considerPreTokenization: false);
        if (Pieces.Count >= MaxPieces) Pieces.Clear();
        Pieces.Set(piece, count);
        return count;
    }
}
