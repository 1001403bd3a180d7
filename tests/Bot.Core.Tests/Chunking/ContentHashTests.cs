using System.Security.Cryptography;
using System.Text;
using Bot.Core.Chunking;

namespace Bot.Core.Tests.Chunking;

public class ContentHashTests
{
    [Theory]
    [InlineData("")]
    [InlineData("The harbour pilots filed a report.")]
    [InlineData("Café naïve ŝtate Ⅻ x² 東京 🚢")]
    [InlineData("a lone surrogate \ud800 and a reversed pair \udc00\ud800")]
    public void The_hash_is_the_first_32_hex_digits_of_the_sha256_of_the_utf8_text(string text) =>
        Assert.Equal(Reference(text), ContentHash.Of(text));

    [Fact]
    public void A_text_longer_than_the_stack_buffer_hashes_the_same_way()
    {
        var text = string.Concat(Enumerable.Range(0, 2000).Select(i => i % 3 == 0 ? "é" : "ab"));
        Assert.Equal(Reference(text), ContentHash.Of(text));
        Assert.Equal(Reference(text), ContentHash.Of(text)); // the pooled buffer, used again
    }

    private static string Reference(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
