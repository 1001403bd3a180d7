using Bot.Core.Chunking;
using Bot.Core.Tests.TestSupport;
using Microsoft.ML.Tokenizers;

namespace Bot.Core.Tests.Chunking;

public class TokenCounterTests
{
    private static readonly TiktokenTokenizer O200k = TiktokenTokenizer.CreateForModel("gpt-4o");

    [Theory]
    [InlineData("")]
    [InlineData("The keeper counted 42 ships in March.")]
    [InlineData("a  b   c\n\n  d\t\ttabs\r\n")]
    [InlineData("  leading and trailing   ")]
    [InlineData("1234567 89,000.5 3.14159 2019-03-04")]
    [InlineData("café naïve Straße 東京タワー Привет мир 😀😀 👍🏽")]
    [InlineData("don't I'll WE'RE they've O'Neill")]
    [InlineData("<|endoftext|> hello<|endoftext|>x")]
    [InlineData("https://example.org/a/b?c=d&e=f#g — “quoted” (parens) [brackets]...!!!")]
    public void A_text_counts_as_many_tokens_as_tiktoken_encodes_it_into(string text)
    {
        // Twice: the second count comes from the pieces the first one cached.
        Assert.Equal(O200k.CountTokens(text), TokenCounter.Count(text));
        Assert.Equal(O200k.CountTokens(text), TokenCounter.Count(text.AsSpan()));
    }

    [Fact]
    public void Every_sentence_and_article_of_the_seeds_counts_as_tiktoken_counts_it()
    {
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Seeds, "*.*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            Assert.Equal(O200k.CountTokens(text), TokenCounter.Count(text));
            foreach (var piece in text.Split('.', '\n'))
                Assert.Equal(O200k.CountTokens(piece), TokenCounter.Count(piece));
        }
    }

    [Fact]
    public void Texts_counted_on_several_threads_at_once_count_as_tiktoken_counts_them()
    {
        var texts = Enumerable.Range(0, 400).Select(i => $"Report {i}: the harbour pilot number {i * 7919 % 1000} filed naïve notes {i}x{i}.").ToArray();
        var counts = new int[texts.Length];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => counts[i] = TokenCounter.Count(texts[i]));
        Assert.Equal(texts.Select(t => O200k.CountTokens(t)), counts);
    }
}
