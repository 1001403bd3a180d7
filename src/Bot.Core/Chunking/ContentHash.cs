using System.Security.Cryptography;
using System.Text;

namespace Bot.Core.Chunking;

/// <summary>
/// The content hash that keys stored vectors (passages and sentences alike): equal texts share one vector, so an
/// unchanged passage or sentence keeps its vector across re-indexing.
/// </summary>
internal static class ContentHash
{
    /// <summary>First 32 lowercase hex digits of the SHA-256 of the UTF-8 text (PostgreSQL can compute the same, see the v3 upgrade).</summary>
    public static string Of(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
