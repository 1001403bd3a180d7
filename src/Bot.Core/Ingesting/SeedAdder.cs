using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bot.Core.Configuration;
using Bot.Core.Documents;

namespace Bot.Core.Ingesting;

/// <summary>
/// Adds one file or web page to the seeds folder. A file is checked as indexing checks it (type, size, encoding) and
/// copied in; an http(s) URL is fetched with <see cref="SafeFetcher"/>, a web page's article extracted and saved as
/// Markdown with front matter (title, url, date, source, author), a PDF saved as it is. Everything is written under a
/// hidden temporary name in the target folder and renamed when complete, so nothing half-written is ever indexed. The
/// same URL, or the same content, a second time adds nothing and says where it already is.
/// </summary>
public sealed class SeedAdder(BotOptions bot, IngestOptions options, SafeFetcher fetcher)
{
    private readonly string _seeds = Path.GetFullPath(bot?.SeedsPath ?? throw new ArgumentNullException(nameof(bot)));

    public Task<AddedSeed> AddAsync(string item, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(item);
        if (Uri.TryCreate(item, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            return AddUrlAsync(url, cancellationToken);
        if (item.Contains("://", StringComparison.Ordinal))
            throw new IngestException($"only http and https URLs can be added, not {item}");
        return AddFileAsync(item, cancellationToken);
    }

    private async Task<AddedSeed> AddFileAsync(string file, CancellationToken ct)
    {
        var full = Path.GetFullPath(file);
        if (!File.Exists(full)) throw new IngestException($"{file}: no such file (nor an http/https URL)");
        if (!DocumentLoader.IsSupported(full))
            throw new IngestException($"{file}: unsupported file type '{Path.GetExtension(full)}' (supported: {string.Join(", ", DocumentLoader.SupportedExtensions.Order(StringComparer.Ordinal))})");
        if (full.StartsWith(_seeds + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new IngestException($"{file} is already in the seeds folder; it is indexed where it is");
        Document doc;
        try
        {
            doc = await DocumentLoader.LoadAsync(full, Path.GetFileName(full), bot.MaxFileBytes, ct).ConfigureAwait(false);
        }
        catch (DocumentLoadException e)
        {
            throw new IngestException($"{file}: {e.Message}", e);
        }
        var bytes = await File.ReadAllBytesAsync(full, ct).ConfigureAwait(false);
        if (SameContent(bytes) is { } existing) return new AddedSeed(existing, doc, AlreadyPresent: true);
        var relative = FreeName("", Path.GetFileNameWithoutExtension(full), Path.GetExtension(full).ToLowerInvariant());
        await WriteAsync(relative, bytes, ct).ConfigureAwait(false);
        return new AddedSeed(relative, doc with { Path = relative }, AlreadyPresent: false);
    }

    private async Task<AddedSeed> AddUrlAsync(Uri url, CancellationToken ct)
    {
        var stem = Stem(url);
        foreach (var ext in new[] { ".md", ".pdf" })
        {
            var already = $"{options.Folder}/{stem}{ext}";
            if (File.Exists(Path.Combine(_seeds, already)))
                return new AddedSeed(already, await LoadExistingAsync(already, ct).ConfigureAwait(false), AlreadyPresent: true);
        }

        var page = await fetcher.FetchAsync(url, ct).ConfigureAwait(false);
        byte[] bytes;
        string relative;
        if (page.MediaType == "application/pdf")
        {
            relative = $"{options.Folder}/{stem}.pdf";
            bytes = page.Body;
        }
        else
        {
            relative = $"{options.Folder}/{stem}.md";
            bytes = Encoding.UTF8.GetBytes(ArticleMarkdown(page));
        }
        Document doc;
        try
        {
            if (bytes.LongLength > bot.MaxFileBytes)
                throw new DocumentLoadException($"it is {bytes.LongLength:N0} bytes; the limit is {bot.MaxFileBytes:N0} (Bot:MaxFileBytes)");
            doc = DocumentLoader.Parse(bytes, relative);
        }
        catch (DocumentLoadException e)
        {
            throw new IngestException($"{page.Url}: {e.Message}", e);
        }
        if (SameContent(bytes) is { } existing) return new AddedSeed(existing, doc with { Path = existing }, AlreadyPresent: true);
        await WriteAsync(relative, bytes, ct).ConfigureAwait(false);
        return new AddedSeed(relative, doc, AlreadyPresent: false);
    }

    private async Task<Document> LoadExistingAsync(string relative, CancellationToken ct)
    {
        try
        {
            return await DocumentLoader.LoadAsync(Path.Combine(_seeds, relative), relative, bot.MaxFileBytes, ct).ConfigureAwait(false);
        }
        catch (DocumentLoadException e)
        {
            throw new IngestException($"{relative} is already in the seeds folder but cannot be read: {e.Message}", e);
        }
    }

    /// <summary>The article of a fetched web page as Markdown with front matter; a page that is not an article is refused.</summary>
    private string ArticleMarkdown(FetchedPage page)
    {
        string html;
        try
        {
            var encoding = page.Charset is { Length: > 0 } cs ? Encoding.GetEncoding(cs.Trim('"')) : Encoding.UTF8;
            html = encoding.GetString(page.Body);
        }
        catch (ArgumentException)
        {
            html = Encoding.UTF8.GetString(page.Body);
        }
        var parsed = HtmlParser.Parse(html);
        var words = parsed.Paragraphs.Sum(p => parsed.Text.AsSpan(p.Start, p.End - p.Start).Count(' ') + 1);
        if (words < options.MinArticleWords)
        {
            var login = html.Contains("type=\"password\"", StringComparison.OrdinalIgnoreCase) || html.Contains("type='password'", StringComparison.OrdinalIgnoreCase)
                || html.Contains("type=password", StringComparison.OrdinalIgnoreCase);
            throw new IngestException(login
                ? $"{page.Url} is a login page, not an article ({words} words of text); nothing was added"
                : $"{page.Url} is not an article: {words} words of text, fewer than {options.MinArticleWords} (Bot:Ingest:MinArticleWords); nothing was added");
        }
        var meta = parsed.Metadata;
        var sb = new StringBuilder("---\n");
        void Field(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) sb.Append(key).Append(": ").Append(Yaml(value.Trim())).Append('\n');
        }
        Field("title", parsed.Title);
        Field("url", meta.TryGetValue("url", out var canonical) && Uri.TryCreate(page.Url, canonical, out var c) && c.Scheme is "http" or "https" ? c.ToString() : page.Url.ToString());
        Field("date", meta.TryGetValue("date", out var date) ? DocumentCitation.NormalizeDate(date) : null);
        Field("source", meta.TryGetValue("source", out var source) ? source : SiteName(page.Url));
        Field("author", meta.TryGetValue("author", out var author) ? author : null);
        sb.Append("---\n");
        foreach (var p in parsed.Paragraphs) sb.Append('\n').Append(MarkdownParagraph(parsed.Text[p.Start..p.End])).Append('\n');
        return sb.ToString();
    }

    private static string SiteName(Uri url) => url.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? url.Host[4..] : url.Host;

    private static string Yaml(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>A paragraph that Markdown would read as a heading, list, quote, table, fence or rule gets a leading backslash.</summary>
    private static string MarkdownParagraph(string text)
    {
        var t = text.ReplaceLineEndings(" ");
        bool block = t[0] is '#' or '>' or '-' or '+' or '*' or '=' or '|' or '`' or '~' or '<'
            || (char.IsDigit(t[0]) && t.TakeWhile(char.IsDigit).Count() is var n && n < t.Length && t[n] is '.' or ')' && n <= 9);
        return block ? "\\" + t : t;
    }

    /// <summary>"news.example-storm-hits-coast-1a2b3c4d": host, last path segment, and a hash of the URL (fragment dropped).</summary>
    internal static string Stem(Uri url)
    {
        var normal = new UriBuilder(url) { Fragment = "" }.Uri.ToString();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normal)))[..8];
        var segment = url.Segments.LastOrDefault(s => s.Trim('/').Length > 0)?.Trim('/') ?? "";
        segment = Path.GetFileNameWithoutExtension(Uri.UnescapeDataString(segment));
        var slug = new string(string.Concat(SiteName(url), "-", segment).ToLowerInvariant().Select(ch => char.IsAsciiLetterOrDigit(ch) || ch == '.' ? ch : '-').ToArray());
        while (slug.Contains("--", StringComparison.Ordinal)) slug = slug.Replace("--", "-", StringComparison.Ordinal);
        slug = slug.Trim('-', '.');
        if (slug.Length > 80) slug = slug[..80].TrimEnd('-', '.');
        return string.Create(CultureInfo.InvariantCulture, $"{slug}-{hash}");
    }

    /// <summary>The seeds-relative path of a file with exactly these bytes; null when there is none.</summary>
    private string? SameContent(byte[] bytes)
    {
        if (!Directory.Exists(_seeds)) return null;
        byte[]? hash = null;
        var enumeration = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.ReparsePoint };
        foreach (var path in Directory.EnumerateFiles(_seeds, "*", enumeration))
        {
            if (Path.GetFileName(path).StartsWith('.')) continue;
            var info = new FileInfo(path);
            if (info.Length != bytes.LongLength) continue;
            hash ??= SHA256.HashData(bytes);
            byte[] other;
            try { other = SHA256.HashData(File.ReadAllBytes(path)); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (other.AsSpan().SequenceEqual(hash)) return Path.GetRelativePath(_seeds, path).Replace('\\', '/');
        }
        return null;
    }

    private string FreeName(string folder, string stem, string ext)
    {
        for (int i = 1; ; i++)
        {
            var name = i == 1 ? $"{stem}{ext}" : string.Create(CultureInfo.InvariantCulture, $"{stem}-{i}{ext}");
            var relative = folder.Length == 0 ? name : $"{folder}/{name}";
            if (!File.Exists(Path.Combine(_seeds, relative))) return relative;
        }
    }

    /// <summary>Writes under a hidden temporary name beside the target (never indexed), then renames; never overwrites.</summary>
    private async Task WriteAsync(string relative, byte[] bytes, CancellationToken ct)
    {
        if (!Directory.Exists(_seeds)) throw new IngestException($"the seeds folder {_seeds} does not exist");
        var target = Path.Combine(_seeds, relative);
        var dir = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.part");
        try
        {
            await File.WriteAllBytesAsync(temp, bytes, ct).ConfigureAwait(false);
            File.Move(temp, target, overwrite: false);
        }
        catch (IOException e)
        {
            throw new IngestException($"{relative} could not be written: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IngestException($"{relative} could not be written: {e.Message}", e);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
