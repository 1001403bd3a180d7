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
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx" };

    /// <summary>
    /// Changes whenever a parser extracts different text or metadata from the same bytes; an index made by another
    /// version re-reads every file on its next run (vectors are kept: they are keyed by passage and sentence text).
    /// </summary>
    public const string ParserVersion = "3";

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
            // A link's own size is the length of its target's name (9 for a link to /dev/zero): the size and the type
            // checked, and the file opened, are the final target's, so a link cannot smuggle a device or FIFO past the check.
            if (info.LinkTarget is not null)
                info = info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? throw new DocumentLoadException("the link's target is not a file");
            if (!info.Exists) throw new DocumentLoadException("the file disappeared before it could be read");
            if (info.Length > maxBytes)
                throw new DocumentLoadException($"the file is {info.Length:N0} bytes; the limit is {maxBytes:N0} (Bot:MaxFileBytes)");
            // FIFOs, sockets and devices report no size, and opening a FIFO blocks until someone writes to it: a size
            // of 0 is refused before any open, so nothing in the seeds folder can hang indexing.
            if (info.Length == 0) throw new DocumentLoadException("the file is empty, or not a regular file (a FIFO, socket or device)");
            bytes = await ReadAtMostAsync(info.FullName, info.Length, maxBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException) { throw new DocumentLoadException("the file disappeared before it could be read"); }
        catch (DirectoryNotFoundException) { throw new DocumentLoadException("the file disappeared before it could be read"); }
        catch (UnauthorizedAccessException e) { throw new DocumentLoadException($"the file cannot be read: {e.Message}", e); }
        catch (IOException e) { throw new DocumentLoadException($"the file cannot be read: {e.Message}", e); }
        return Parse(bytes, relativePath);
    }

    // The size was checked before the open, but a file can grow in between: read what the size said, and refuse the file
    // if there is more (never reading past the limit).
    private static async Task<byte[]> ReadAtMostAsync(string fullPath, long expected, long maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, useAsync: true);
        var bytes = new byte[expected];
        int read = await stream.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read < bytes.Length) return bytes[..read]; // shrank meanwhile: what is there
        if (await stream.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) > 0)
            throw new DocumentLoadException(expected >= maxBytes
                ? $"the file grew past the limit of {maxBytes:N0} bytes while it was read (Bot:MaxFileBytes)"
                : "the file changed while it was read; it is read again on the next run");
        return bytes;
    }

    /// <summary>Decodes and parses file content; the extension of <paramref name="relativePath"/> picks the format.</summary>
    public static Document Parse(byte[] bytes, string relativePath)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(relativePath);
        if (bytes.Length == 0) throw new DocumentLoadException("the file is empty");
        var ext = System.IO.Path.GetExtension(relativePath).ToLowerInvariant();
        // PDF and Word files are binary containers: their parsers read the bytes, and their text is what offsets index.
        if (ext is ".pdf" or ".docx")
            return Build(ext == ".pdf" ? PdfParser.Parse(bytes) : DocxParser.Parse(bytes), relativePath, bytes);
        string text;
        // A byte order mark names the encoding: UTF-16 and UTF-32 text (as Windows tools write it) is full of NUL bytes,
        // so it is decoded by its mark before the binary check, which then looks at the decoded characters.
        if (Utf16Or32(bytes) is { } marked)
        {
            try { text = marked.Encoding.GetString(bytes, marked.Preamble, bytes.Length - marked.Preamble); }
            catch (DecoderFallbackException) { throw new DocumentLoadException($"the file is not valid {marked.Name} text"); }
            if (text.Contains('\0', StringComparison.Ordinal)) throw new DocumentLoadException("the file is binary, not text");
        }
        else
        {
            if (LooksBinary(bytes)) throw new DocumentLoadException("the file is binary, not text");
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
        }
        if (string.IsNullOrWhiteSpace(text)) throw new DocumentLoadException("the file is empty");

        var parsed = ext switch
        {
            ".md" or ".markdown" => MarkdownParser.Parse(text),
            ".html" or ".htm" => HtmlParser.Parse(text),
            ".txt" => PlainTextParser.Parse(text),
            _ => throw new DocumentLoadException($"unsupported file type '{ext}'"),
        };
        return Build(parsed, relativePath, bytes);
    }

    private static Document Build(ParsedText parsed, string relativePath, byte[] bytes)
    {
        if (parsed.Paragraphs.Count == 0) throw new DocumentLoadException("the file has no text paragraphs");
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (parsed.Metadata.TryGetValue("date", out var date)) parsed.Metadata["date"] = DocumentCitation.NormalizeDate(date);
        var title = parsed.Title;
        if (string.IsNullOrWhiteSpace(title)) title = TitleDeriver.FromFirstSentence(parsed.Text, parsed.Paragraphs[0]);
        return new Document(relativePath, title.Trim(), parsed.Text, parsed.Paragraphs, hash, parsed.Metadata);
    }

    private static (Encoding Encoding, int Preamble, string Name)? Utf16Or32(byte[] b) => b switch
    {
        [0xFF, 0xFE, 0x00, 0x00, ..] => (new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true), 4, "UTF-32"),
        [0x00, 0x00, 0xFE, 0xFF, ..] => (new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true), 4, "UTF-32"),
        [0xFF, 0xFE, ..] => (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 2, "UTF-16"),
        [0xFE, 0xFF, ..] => (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 2, "UTF-16"),
        _ => null,
    };

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
