using System.Net;
using System.Net.Sockets;

namespace Bot.Core.Ingesting;

/// <summary>
/// Fetches one http(s) URL safely: the address is checked after DNS resolution and again on the socket actually
/// connected (SocketsHttpHandler.ConnectCallback, no proxy), redirects are followed by hand (each new URL checked the
/// same way, at most <see cref="IngestOptions.MaxRedirects"/>), the whole fetch has a time-out, the body is read up to
/// <see cref="IngestOptions.MaxDownloadBytes"/> and refused beyond it, and only HTML and PDF are accepted.
/// </summary>
public sealed class SafeFetcher : IDisposable
{
    private readonly IngestOptions _options;
    private readonly HttpClient _http;

    public SafeFetcher(IngestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(Math.Min(10, options.TimeoutSeconds)),
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("bot-ingest/1.0 (+https://github.com)");
        _http.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.1");
    }

    public async Task<FetchedPage> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        try
        {
            var current = CheckScheme(url);
            for (int redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (redirects >= _options.MaxRedirects) throw new IngestException($"more than {_options.MaxRedirects} redirects from {url}");
                    current = CheckScheme(location.IsAbsoluteUri ? location : new Uri(current, location));
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                    throw new IngestException($"{current} answered {(int)response.StatusCode} {response.ReasonPhrase}");
                var type = response.Content.Headers.ContentType;
                var media = type?.MediaType?.ToLowerInvariant() ?? "";
                if (media is not ("text/html" or "application/xhtml+xml" or "application/pdf"))
                    throw new IngestException($"{current} is {(media.Length == 0 ? "of no stated type" : media)}, not an HTML page or a PDF");
                if (response.Content.Headers.ContentLength is long length && length > _options.MaxDownloadBytes)
                    throw new IngestException($"{current} is {length:N0} bytes; the limit is {_options.MaxDownloadBytes:N0} (Bot:Ingest:MaxDownloadBytes)");
                var body = await ReadCappedAsync(response.Content, current, timeout.Token).ConfigureAwait(false);
                return new FetchedPage(current, media, type?.CharSet, body);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IngestException($"{url} did not answer within {_options.TimeoutSeconds} s (Bot:Ingest:TimeoutSeconds)");
        }
        catch (HttpRequestException e)
        {
            throw new IngestException(e.InnerException is IngestException inner ? inner.Message : $"{url} could not be fetched: {e.Message}", e);
        }
    }

    private static Uri CheckScheme(Uri url)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
            throw new IngestException($"only http and https URLs can be added, not {url}");
        if (!string.IsNullOrEmpty(url.UserInfo)) throw new IngestException($"URLs with a user name or password are not fetched: {url.Host}");
        return url;
    }

    private async Task<byte[]> ReadCappedAsync(HttpContent content, Uri url, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > _options.MaxDownloadBytes)
                throw new IngestException($"{url} sent more than {_options.MaxDownloadBytes:N0} bytes (Bot:Ingest:MaxDownloadBytes); nothing was added");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>Resolves the host, refuses non-public addresses (unless allowed), connects, and checks the connected address.</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
        var allowed = addresses.Where(Allowed).ToList();
        if (allowed.Count == 0)
            throw new IngestException(addresses.Length == 0
                ? $"{host} does not resolve"
                : $"{host} resolves to {addresses[0]}, a private, loopback, link-local or metadata address; refused (Bot:Ingest:AllowPrivateAddresses)");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed.ToArray(), context.DnsEndPoint.Port, ct).ConfigureAwait(false);
            if (socket.RemoteEndPoint is not IPEndPoint remote || !Allowed(remote.Address))
                throw new IngestException($"{host} connected to {socket.RemoteEndPoint}, a private, loopback, link-local or metadata address; refused");
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private bool Allowed(IPAddress address) => AddressPolicy.IsPublic(address) || _options.AllowsPrivate(address);

    public void Dispose() => _http.Dispose();
}
