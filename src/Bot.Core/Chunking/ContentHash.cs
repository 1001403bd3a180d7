using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace Bot.Core.Chunking;

/// <summary>
/// The content hash that keys stored vectors (passages and sentences alike): equal texts share one vector, so an
/// unchanged passage or sentence keeps its vector across re-indexing.
/// </summary>
internal static class ContentHash
{
    /// <summary>
    /// First 32 lowercase hex digits of the SHA-256 of the UTF-8 text (PostgreSQL can compute the same, see the v3 upgrade).
    /// Only the result string is allocated (the UTF-8 bytes go on the stack or a pooled array): the indexer hashes every
    /// sentence and passage.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Of(text.AsSpan());
    }

    /// <inheritdoc cref="Of(string)"/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Of(ReadOnlySpan<char> text)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = max > 1024 ? ArrayPool<byte>.Shared.Rent(max) : null;
        try
        {
            Span<byte> utf8 = rented ?? stackalloc byte[1024];
            int n = Encoding.UTF8.GetBytes(text, utf8);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(utf8[..n], hash);
            return Convert.ToHexStringLower(hash[..16]);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
