using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Core.Embeddings;

/// <summary>
/// <c>bot model pull NAME</c>: fetches a sentence-embedding model into <c>&lt;data&gt;/models/&lt;name&gt;/</c>.
/// Files come from <c>{source}/{repository}/resolve/{revision}/{path}</c> (Hugging Face layout; any mirror with the same
/// layout works). Each file is written to a temporary file in the target folder, checked (size, SHA-256 when known)
/// and only then renamed into place, so a model folder never holds a half-written file.
/// </summary>
public sealed partial class ModelDownloader
{
    public const string DefaultSourceUrl = "https://huggingface.co";

    private readonly HttpClient _http;
    private readonly string _modelsRoot;
    private readonly string _sourceUrl;
    private readonly ILogger _logger;

    /// <param name="httpClient">Client used for downloads (its time-out applies to each whole file).</param>
    /// <param name="modelsRoot">Cache folder holding one sub-folder per model, normally <see cref="ModelsFolder"/>.</param>
    /// <param name="sourceUrl">Base URL of the model source; null for <see cref="DefaultSourceUrl"/>.</param>
    /// <param name="logger">Progress and problems.</param>
    public ModelDownloader(HttpClient httpClient, string modelsRoot, string? sourceUrl = null, ILogger<ModelDownloader>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelsRoot);
        sourceUrl ??= DefaultSourceUrl;
        if (!Uri.TryCreate(sourceUrl, UriKind.Absolute, out var source) || (source.Scheme != Uri.UriSchemeHttp && source.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Model source URL must be an absolute http(s) URL; got '{sourceUrl}'.", nameof(sourceUrl));
        }

        _http = httpClient;
        _modelsRoot = modelsRoot;
        _sourceUrl = sourceUrl.TrimEnd('/');
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The model cache folder under a data folder: <c>&lt;data&gt;/models</c>.</summary>
    public static string ModelsFolder(string dataPath) => Path.Combine(dataPath, "models");

    /// <summary>The folder a model is cached in: <c>&lt;data&gt;/models/&lt;name&gt;</c> (<c>owner/repo</c> becomes <c>owner--repo</c>).</summary>
    public static string ModelFolder(string dataPath, string name) =>
        Path.Combine(ModelsFolder(dataPath), KnownEmbeddingModels.Find(name)?.Name ?? FolderName(name));

    /// <summary>Whether <paramref name="name"/> can be used as a model name: a known short name, or <c>owner/repo</c>.</summary>
    public static bool IsValidModelName(string name) => name is not null && ModelNamePattern().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal);

    /// <summary>
    /// Resolves a name: a known short name (see <see cref="KnownEmbeddingModels"/>), or any <c>owner/repo</c> with a
    /// sentence-transformers ONNX export (pooling then comes from the downloaded configuration).
    /// </summary>
    public static KnownEmbeddingModel Resolve(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (KnownEmbeddingModels.Find(name) is { } known)
        {
            return known;
        }

        if (IsValidModelName(name) && name.Contains('/', StringComparison.Ordinal))
        {
            return new KnownEmbeddingModel(FolderName(name), name, "main", 0, PoolingMode.Mean, KnownEmbeddingModels.StandardFiles());
        }

        throw new ModelDownloadException(
            $"Unknown model '{name}'. Known models: {string.Join(", ", KnownEmbeddingModels.Names)}; or give a repository id such as sentence-transformers/all-MiniLM-L6-v2.");
    }

    /// <summary>URL a model file is fetched from.</summary>
    public Uri FileUrl(KnownEmbeddingModel model, ModelFile file)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(file);
        return new Uri($"{_sourceUrl}/{model.Repository}/resolve/{Uri.EscapeDataString(model.Revision)}/{file.RemotePath}");
    }

    /// <summary>
    /// Downloads <paramref name="name"/> into its cache folder and returns that folder. Files already present are kept
    /// unless <paramref name="force"/> is set.
    /// </summary>
    /// <exception cref="ModelDownloadException">Unknown name, source unreachable (offline), a required file missing, or a size/checksum mismatch.</exception>
    public Task<ModelPullResult> PullAsync(string name, bool force = false, IProgress<ModelDownloadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        PullAsync(Resolve(name), force, progress, cancellationToken);

    /// <summary>Downloads the files of <paramref name="model"/> into <c>&lt;modelsRoot&gt;/&lt;model.Name&gt;</c>.</summary>
    /// <exception cref="ModelDownloadException">Source unreachable (offline), a required file missing, or a size/checksum mismatch.</exception>
    public async Task<ModelPullResult> PullAsync(KnownEmbeddingModel model, bool force = false, IProgress<ModelDownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!IsValidModelName(model.Name) || model.Name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Model name '{model.Name}' cannot be used as a folder name.", nameof(model));
        }

        var folder = Path.Combine(_modelsRoot, model.Name);
        Directory.CreateDirectory(folder);
        // Parts untouched for a day (the age is of the last write: a pull in another process that is still receiving
        // keeps its part fresh); an unpack's parts are the packaged model's to clean.
        PartialFiles.DeleteStale(folder, TimeSpan.FromDays(1), name => name.StartsWith('.'), _logger);

        List<string> downloaded = [], present = [], unavailable = [];
        foreach (var file in model.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var target = Path.Combine(folder, file.LocalPath.Replace('/', Path.DirectorySeparatorChar));
            if (!force && File.Exists(target) && await IsIntactAsync(target, file, cancellationToken).ConfigureAwait(false))
            {
                present.Add(file.LocalPath);
                continue;
            }

            if (await DownloadAsync(model, file, target, progress, cancellationToken).ConfigureAwait(false))
            {
                downloaded.Add(file.LocalPath);
            }
            else
            {
                unavailable.Add(file.LocalPath);
            }
        }

        Log.ModelReady(_logger, model.Name, folder, downloaded.Count, present.Count);
        return new ModelPullResult(folder, model, downloaded, present, unavailable);
    }

    private async Task<bool> DownloadAsync(KnownEmbeddingModel model, ModelFile file, string target, IProgress<ModelDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var url = FileUrl(model, file);
        Log.Downloading(_logger, url);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.part");
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound && !file.Required)
            {
                Log.OptionalFileMissing(_logger, file.LocalPath, url);
                return false;
            }

            if (!response.IsSuccessStatusCode)
            {
                var hint = response.StatusCode switch
                {
                    HttpStatusCode.NotFound => " Check the model name and Bot:Embeddings:ModelSourceUrl.",
                    HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => " The source refused access; the model may be gated.",
                    _ => string.Empty,
                };
                throw new ModelDownloadException($"Downloading {url} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.{hint}");
            }

            var announced = response.Content.Headers.ContentLength;
            long written = 0;
            byte[] hash;
            await using (var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
            await using (var destination = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[81920];
                int read;
                var lastReport = 0L;
                while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    written += read;
                    if (progress is not null && written - lastReport >= 1 << 20)
                    {
                        lastReport = written;
                        progress.Report(new ModelDownloadProgress(file.LocalPath, written, announced));
                    }
                }

                await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
                hash = sha.GetHashAndReset();
            }

            progress?.Report(new ModelDownloadProgress(file.LocalPath, written, announced));
            if (announced is { } length && length != written)
            {
                throw new ModelDownloadException($"Downloading {url} was cut short: received {written} of {length} bytes. Try again.");
            }

            if (file.ExpectedBytes is { } expected && expected != written)
            {
                throw new ModelDownloadException($"{url} is {written} bytes, expected {expected}; the source may serve a different revision.");
            }

            var actualSha = Convert.ToHexStringLower(hash);
            if (file.Sha256 is { } expectedSha && !string.Equals(expectedSha, actualSha, StringComparison.OrdinalIgnoreCase))
            {
                throw new ModelDownloadException($"{url} has SHA-256 {actualSha}, expected {expectedSha.ToLowerInvariant()}; the download is corrupt or not the expected file.");
            }

            File.Move(temp, target, overwrite: true);
            Log.Saved(_logger, file.LocalPath, written.ToString("N0", CultureInfo.InvariantCulture));
            return true;
        }
        catch (HttpRequestException ex)
        {
            throw new ModelDownloadException(
                $"Could not download {url}: {ex.Message} This machine may be offline: on a machine with internet run `bot model pull {model.Name}` and copy the folder " +
                $"'{Path.GetDirectoryName(target)}' here, or point Bot:Embeddings:ModelSourceUrl at a reachable mirror.",
                ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModelDownloadException($"Downloading {url} timed out after {_http.Timeout.TotalSeconds:0} s.", ex);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private static async Task<bool> IsIntactAsync(string path, ModelFile file, CancellationToken cancellationToken)
    {
        if (file.ExpectedBytes is { } expected && new FileInfo(path).Length != expected)
        {
            return false;
        }

        if (file.Sha256 is null)
        {
            return true;
        }

        await using var stream = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return string.Equals(Convert.ToHexStringLower(hash), file.Sha256, StringComparison.OrdinalIgnoreCase);
    }

    private static string FolderName(string name) => name.Replace("/", "--", StringComparison.Ordinal);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}(/[A-Za-z0-9][A-Za-z0-9._-]{0,95})?$")]
    private static partial Regex ModelNamePattern();
}
