using System.Security.Cryptography;
using System.Text;

namespace Bot.Core.Documents;

/// <summary>
/// Reads one seed file into a <see cref="Document"/>. Every failure is a <see cref="DocumentLoadException"/>
/// with a one-line reason, so one bad file never stops an indexing run.
/// </summary>
public static class DocumentLoader
{
    public static readonly IReadOnlySet<string> SupportedExtensions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".txt", ".md", ".markdown", ".html", ".htm" };

    public static bool IsSupported(string path) => SupportedExtensions.Contains(System.IO.Path.GetExtension(path));

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="fullPath">Where to read the file.</param>
    /// <param name="relativePath">How the document is cited (path relative to the seeds folder, '/' separated).</param>
    /// <param name="maxBytes">Files larger than this are refused.</param>
    public static async Task<Document> LoadAsync(string fullPath, string relativePath, long maxBytes, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(fullPath);
            if (!info.Exists) throw new DocumentLoadException("the file disappeared before it could be read");
            if (info.Length > maxBytes)
                throw new DocumentLoadException($"the file is {info.Length:N0} bytes; the limit is {maxBytes:N0} (Bot:MaxFileBytes)");
            bytes = await File.ReadAllBytesAsync(fullPath, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException) { throw new DocumentLoadException("the file disappeared before it could be read"); }
        catch (DirectoryNotFoundException) { throw new DocumentLoadException("the file disappeared before it could be read"); }
        catch (UnauthorizedAccessException e) { throw new DocumentLoadException($"the file cannot be read: {e.Message}", e); }
        catch (IOException e) { throw new DocumentLoadException($"the file cannot be read: {e.Message}", e); }
        return Parse(bytes, relativePath);
    }

    /// <summary>Decodes and parses file content; the extension of <paramref name="relativePath"/> picks the format.</summary>
    public static Document Parse(byte[] bytes, string relativePath)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(relativePath);
        if (bytes.Length == 0) throw new DocumentLoadException("the file is empty");
        if (LooksBinary(bytes)) throw new DocumentLoadException("the file is binary, not text");
        string text;
        try
        {
            var span = bytes.AsSpan();
            if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
            text = StrictUtf8.GetString(span);
        }
        catch (DecoderFallbackException)
        {
            throw new DocumentLoadException("the file is not valid UTF-8 text");
        }
        if (string.IsNullOrWhiteSpace(text)) throw new DocumentLoadException("the file is empty");

        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var ext = System.IO.Path.GetExtension(relativePath).ToLowerInvariant();
        var parsed = ext switch
        {
            ".md" or ".markdown" => MarkdownParser.Parse(text),
            ".html" or ".htm" => HtmlParser.Parse(text),
            ".txt" => PlainTextParser.Parse(text),
            _ => throw new DocumentLoadException($"unsupported file type '{ext}'"),
        };
        if (parsed.Paragraphs.Count == 0) throw new DocumentLoadException("the file has no text paragraphs");
        var title = parsed.Title;
        if (string.IsNullOrWhiteSpace(title)) title = TitleDeriver.FromFirstSentence(parsed.Text, parsed.Paragraphs[0]);
        return new Document(relativePath, title.Trim(), parsed.Text, parsed.Paragraphs, hash, parsed.Metadata);
    }

    // NUL bytes never occur in UTF-8 text; many control characters mean a binary format.
    private static bool LooksBinary(byte[] bytes)
    {
        int sample = Math.Min(bytes.Length, 8192), control = 0;
        for (int i = 0; i < sample; i++)
        {
            byte b = bytes[i];
            if (b == 0) return true;
            if (b is < 0x09 or (> 0x0D and < 0x20 and not 0x1B)) control++;
        }
        return control > sample / 10;
    }
}
