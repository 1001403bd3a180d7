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

    [Fact]
    public void The_ascii_pieces_are_the_pre_tokenizers_for_every_sentence_paragraph_and_line_of_the_test_corpora()
    {
        var folders = new[] { RepoPaths.Seeds, RepoPaths.SquadDocs, Path.Combine(RepoPaths.Root, "tests", "data", "news-dev", "docs") };
        int texts = 0;
        foreach (var file in folders.SelectMany(f => Directory.EnumerateFiles(f, "*.*", SearchOption.AllDirectories)))
        {
            var text = File.ReadAllText(file);
            var pieces = new List<string> { text };
            pieces.AddRange(text.Split('\n'));
            pieces.AddRange(text.Split('.', '!', '?'));
            foreach (var piece in pieces)
            {
                Assert.Equal(TokenCounter.PreTokenized(piece, regex: true), TokenCounter.PreTokenized(piece, regex: false));
                texts++;
            }
        }
        Assert.True(texts > 1000, $"{texts} texts");
    }

    [Fact]
    public void The_ascii_pieces_are_the_pre_tokenizers_for_random_ascii_texts()
    {
        // Letters of both cases (the contractions' too), digits, every \s character, the characters the regex treats
        // apart (CR, LF, '/', the apostrophe) and other ASCII, control characters included, in random mixes.
        const string alphabet = "aAbZsStTrReEvVlLmMdD09 '' \t\n\r\v\f\u001f\u007f//..,!?-\"(<|_";
        var random = new Random(18);
        for (int i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 30)];
            for (int k = 0; k < chars.Length; k++) chars[k] = alphabet[random.Next(alphabet.Length)];
            var text = new string(chars);
            Assert.Equal(TokenCounter.PreTokenized(text, regex: true), TokenCounter.PreTokenized(text, regex: false));
            if (i % 50 == 0) Assert.Equal(O200k.CountTokens(text), TokenCounter.Count(text));
        }
    }

    [Theory]
    [InlineData("naïve")]
    [InlineData("a <|endoftext|> b")]
    public void Texts_the_ascii_pieces_do_not_cover_are_left_to_the_pre_tokenizer(string text)
    {
        Assert.Equal(TokenCounter.PreTokenized(text, regex: true), TokenCounter.PreTokenized(text, regex: false));
        Assert.Equal(O200k.CountTokens(text), TokenCounter.Count(text));
    }
}
