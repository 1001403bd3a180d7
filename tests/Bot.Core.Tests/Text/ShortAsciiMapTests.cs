using Bot.Core.Text;

namespace Bot.Core.Tests.Text;

public class ShortAsciiMapTests
{
    [Theory]
    [InlineData("")]
    [InlineData("abcdefghijklmnopqrs")]
    [InlineData("café")]
    [InlineData("x²")]
    [InlineData("ab\0")]
    [InlineData(" naïve")]
    public void A_text_it_cannot_pack_gives_no_key(string text)
    {
        Assert.False(ShortAsciiMap<int>.TryPack(text, out var key));
        Assert.Equal(UInt128.Zero, key);
    }

    [Fact]
    public void Different_short_texts_pack_to_different_keys()
    {
        var texts = new[] { "a", "b", "ab", "ba", " a", "a ", "abcdefghi", "abcdefgh", "bcdefghi", "abcdefghij", "abcdefghia", " something", "abcdefghijklmnopqr",
            "bcdefghijklmnopqr", "\u0001abcdefghi", "abcdefghi\u0001", "\u0001a", "a\u0001", "~~~~~~~~~", "A", "\u007f" };
        var keys = texts.Select(t =>
        {
            Assert.True(ShortAsciiMap<int>.TryPack(t, out var key));
            return key;
        }).ToList();
        Assert.DoesNotContain(UInt128.Zero, keys);
        Assert.Equal(texts.Length, keys.Distinct().Count());
    }

    [Fact]
    public void It_holds_what_a_dictionary_holds_through_growth_and_clearing()
    {
        var map = new ShortAsciiMap<int>(4);
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        var random = new Random(7);
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 20_000; i++)
            {
                var text = new string(Enumerable.Range(0, random.Next(1, 19)).Select(_ => (char)random.Next(1, 128)).ToArray());
                Assert.True(ShortAsciiMap<int>.TryPack(text, out var key));
                map.Set(key, i);
                expected[text] = i;
            }
            Assert.Equal(expected.Count, map.Count);
            foreach (var (text, value) in expected)
            {
                ShortAsciiMap<int>.TryPack(text, out var key);
                Assert.True(map.TryGetValue(key, out var found));
                Assert.Equal(value, found);
            }
            ShortAsciiMap<int>.TryPack("zzzzzzzzz", out var absent);
            Assert.Equal(expected.ContainsKey("zzzzzzzzz"), map.TryGetValue(absent, out _));
            map.Clear();
            expected.Clear();
            Assert.Equal(0, map.Count);
            Assert.False(map.TryGetValue(absent, out _));
        }
    }
}
