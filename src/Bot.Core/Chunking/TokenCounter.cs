using Microsoft.ML.Tokenizers;

namespace Bot.Core.Chunking;

/// <summary>Counts tokens with the o200k_base encoding (GPT-4o family) from Microsoft.ML.Tokenizers.</summary>
public static class TokenCounter
{
    private static readonly Lazy<Tokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"));

    public static Tokenizer Instance => Tokenizer.Value;

    public static int Count(string text) => Tokenizer.Value.CountTokens(text);

    public static int Count(ReadOnlySpan<char> text) => Tokenizer.Value.CountTokens(text);
}
