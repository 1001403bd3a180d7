using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Discord.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Rest;

/// <summary>
/// Discord REST v10 over HttpClient: `Authorization: Bot`, User-Agent, per-bucket sequencing from X-RateLimit-* headers,
/// 429 retry_after (global pauses every route), bounded retries on 5xx and network errors, no retry on other 4xx, and
/// after a 401 the token is not used again.
/// </summary>
public sealed class DiscordRestClient : IDisposable
{
    private const int Max429Retries = 8;
    private readonly HttpClient _http;
    private readonly DiscordOptions _options;
    private readonly ILogger<DiscordRestClient> _logger;
    private readonly RateLimiter _limiter;
    private readonly string _baseUrl;
    private readonly InvalidRequestWindow _invalid = new();
    private readonly ExpiringIds _forbiddenChannels;
    private int _unauthorized;
    private long _invalidRequests;

    private readonly DiscordMetrics? _metrics;

    /// <param name="metrics">Optional: counts 429s and invalid requests.</param>
    public DiscordRestClient(HttpClient http, IOptions<DiscordOptions> options, ILogger<DiscordRestClient> logger, DiscordMetrics? metrics = null)
    {
        _metrics = metrics;
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options.Value;
        _logger = logger;
        _limiter = new RateLimiter(ShareOf(_options.GlobalRequestsPerSecond, _options.RestProcesses), _options.RateLimitBucketIdleTimeout, _options.MaxRateLimitBuckets);
        _forbiddenChannels = new ExpiringIds(_options.ForbiddenChannelCooldown);
        _baseUrl = _options.ApiBaseUrl.TrimEnd('/');
        UserAgent = BuildUserAgent(_options.UserAgentUrl);
    }

    /// <summary><c>DiscordBot (URL, version)</c>, sent on every REST request and the gateway handshake.</summary>
    public string UserAgent { get; }

    /// <summary>This library's version: the informational version without build metadata (the part after '+').</summary>
    internal static string Version { get; } = typeof(DiscordRestClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        is { Length: > 0 } v ? v.Split('+')[0] : typeof(DiscordRestClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    internal static string BuildUserAgent(string? url) =>
        $"DiscordBot ({(string.IsNullOrWhiteSpace(url) ? DiscordOptions.UnsetUserAgentUrl : url.Trim())}, {Version})";

    /// <summary>Responses with 401, 403 or 429 so far (Discord bans an IP at 10,000 of them per 10 minutes).</summary>
    public long InvalidRequests => Interlocked.Read(ref _invalidRequests);

    /// <summary>Invalid requests (401, 403, 429 not of shared scope) within the last ten minutes.</summary>
    public int RecentInvalidRequests => _invalid.Count;

    /// <summary>
    /// False once the ten-minute invalid-request count reaches <see cref="DiscordOptions.InvalidRequestSoftLimit"/>: callers
    /// then skip calls that are nice to have (typing indicators).
    /// </summary>
    public bool NonEssentialAllowed => _invalid.Count < _options.InvalidRequestSoftLimit;

    /// <summary>This process's share of the bot's REST budget: requests per second it sends under the global limit.</summary>
    public int RequestsPerSecond => _limiter.PerSecond;

    /// <summary>
    /// The budget divided between <paramref name="processes"/> processes, rounded down so that together they never exceed
    /// <paramref name="globalPerSecond"/> (at least 1 each).
    /// </summary>
    public static int ShareOf(int globalPerSecond, int processes) => Math.Max(1, globalPerSecond / Math.Max(1, processes));

    /// <summary>
    /// Takes this process's share for <paramref name="liveProcesses"/> processes: the budget divided by the larger of
    /// <see cref="DiscordOptions.RestProcesses"/> and them (never more than the configured share).
    /// </summary>
    /// <returns>True when the share changed.</returns>
    public bool ShareWith(int liveProcesses)
    {
        var share = ShareOf(_options.GlobalRequestsPerSecond, Math.Max(_options.RestProcesses, liveProcesses));
        if (share == _limiter.PerSecond) return false;
        _limiter.SetPerSecond(share);
        return true;
    }

    /// <summary>Rate-limit buckets held now (idle ones are swept).</summary>
    internal int BucketCount => _limiter.BucketCount;

    internal void SweepBuckets() => _limiter.Sweep();

    /// <summary>Channels skipped after a 403 now (bounded: expired marks go, and at most 10,000 are kept).</summary>
    internal int ForbiddenChannels => _forbiddenChannels.Count;

    /// <summary>
    /// True while a channel that answered 403 (Missing Access / Missing Permissions) is skipped: for
    /// <see cref="DiscordOptions.ForbiddenChannelCooldown"/> nothing is sent to it.
    /// </summary>
    public bool IsChannelForbidden(ulong channelId) => _forbiddenChannels.Contains(channelId);

    public async Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken)
    {
        var json = await SendAsync(DiscordRoute.GetGatewayBot(), null, cancellationToken).ConfigureAwait(false)
                   ?? throw new DiscordApiException("GET /gateway/bot returned no body");
        var limit = json.GetObject("session_start_limit");
        return new GatewayBotInfo(
            json.GetString("url") ?? throw new DiscordApiException("GET /gateway/bot returned no url"),
            json.GetInt("shards") ?? 1,
            limit.GetInt("remaining") ?? 1,
            TimeSpan.FromMilliseconds(limit.GetInt("reset_after") ?? 0),
            Math.Max(1, limit.GetInt("max_concurrency") ?? 1));
    }

    /// <summary>GET /users/@me: the bot's own user.</summary>
    public Task<JsonElement?> GetCurrentUserAsync(CancellationToken cancellationToken) => SendAsync(DiscordRoute.GetCurrentUser(), null, cancellationToken);

    /// <summary>GET /oauth2/applications/@me: the bot's application, with its owner and team.</summary>
    public Task<JsonElement?> GetCurrentApplicationAsync(CancellationToken cancellationToken) =>
        SendAsync(DiscordRoute.GetCurrentApplication(), null, cancellationToken);

    public Task<JsonElement?> CreateMessageAsync(ulong channelId, OutgoingMessage message, CancellationToken cancellationToken) =>
        SendAsync(DiscordRoute.CreateMessage(channelId), message, cancellationToken);

    public Task TriggerTypingAsync(ulong channelId, CancellationToken cancellationToken) =>
        SendAsync(DiscordRoute.TriggerTyping(channelId), null, cancellationToken);

    public Task RespondToInteractionAsync(ulong interactionId, string token, InteractionResponse response, CancellationToken cancellationToken) =>
        SendAsync(DiscordRoute.InteractionCallback(interactionId, token), response, cancellationToken);

    public Task EditOriginalResponseAsync(ulong applicationId, string token, OutgoingMessage message, CancellationToken cancellationToken) =>
        SendAsync(DiscordRoute.EditOriginalResponse(applicationId, token), message, cancellationToken);

    public Task CreateFollowupAsync(ulong applicationId, string token, OutgoingMessage message, CancellationToken cancellationToken) =>
        SendAsync(DiscordRoute.CreateFollowup(applicationId, token), message, cancellationToken);

    public Task BulkOverwriteCommandsAsync(ulong applicationId, ulong? guildId, JsonArray commands, CancellationToken cancellationToken) =>
        SendAsync(guildId is { } g ? DiscordRoute.BulkOverwriteGuildCommands(applicationId, g) : DiscordRoute.BulkOverwriteGlobalCommands(applicationId),
            commands, cancellationToken);

    /// <summary>A 401, 403 or non-shared 429: counted for life and in the sliding 10-minute window Discord bans by.</summary>
    private void CountInvalid(int status)
    {
        _metrics?.InvalidRequest(status);
        Interlocked.Increment(ref _invalidRequests);
        _invalid.Add();
    }

    /// <summary>Sends one request through its bucket; returns the JSON body (null for 204).</summary>
    /// <exception cref="DiscordApiException">Discord refused it (4xx other than 429) or kept failing (5xx, network).</exception>
    public async Task<JsonElement?> SendAsync(DiscordRoute route, object? body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (route.Authenticated && Volatile.Read(ref _unauthorized) != 0)
            throw new DiscordApiException($"{route.Key}: not sent, the token was rejected earlier (401)", HttpStatusCode.Unauthorized, null);
        var channel = ChannelOf(route);
        if (channel is { } id && _forbiddenChannels.Contains(id))
            throw new DiscordApiException($"{route.Key}: not sent, the channel refused access recently (403)", HttpStatusCode.Forbidden, null);
        if (route.Global && _invalid.Count is var invalid && invalid >= _options.InvalidRequestHardLimit)
        {
            Log.InvalidRequestBudgetReached(_logger, route.Key, invalid);
            throw new DiscordApiException($"{route.Key}: not sent, {invalid} invalid requests in the last 10 minutes (Bot:Discord:InvalidRequestHardLimit)",
                HttpStatusCode.TooManyRequests, null);
        }
        var payload = body is null ? null : body is JsonNode node ? node.ToJsonString() : JsonSerializer.Serialize(body, body.GetType(), DiscordJson.Options);
        var bucket = _limiter.BucketFor(route);
        await bucket.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            int failures = 0, limited = 0;
            while (true)
            {
                // Why re-check: timers round to whole milliseconds and may wake a little early; never send before the reset.
                for (var delay = bucket.Delay; delay > TimeSpan.Zero; delay = bucket.Delay)
                {
                    Log.BucketExhausted(_logger, route.Key, (int)delay.TotalMilliseconds);
                    await Task.Delay(delay + TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
                }
                await _limiter.WaitGlobalAsync(route.Global, cancellationToken).ConfigureAwait(false);

                HttpResponseMessage response;
                try
                {
                    using var request = BuildRequest(route, payload);
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(_options.RestTimeout);
                    response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    if (++failures > _options.MaxRestRetries)
                        throw new DiscordApiException($"{route.Key}: Discord unreachable after {failures} attempts ({e.Message})", null, null, e);
                    Log.RequestFailedRetrying(_logger, route.Key, e.Message, failures, _options.MaxRestRetries);
                    await Task.Delay(RetryDelay(failures), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                using (response)
                {
                    ReadRateLimitHeaders(route, bucket, response);
                    var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                    var status = (int)response.StatusCode;
                    if (response.IsSuccessStatusCode)
                        return string.IsNullOrWhiteSpace(text) ? null : JsonDocument.Parse(text).RootElement.Clone();
                    if (status is 401 or 403) CountInvalid(status);
                    if (status == 403 && channel is { } forbidden)
                    {
                        // Why: a channel where the bot may not speak would otherwise cost a 403 per mention, for ever.
                        _forbiddenChannels.Mark(forbidden);
                        Log.ChannelForbidden(_logger, forbidden, (int)_options.ForbiddenChannelCooldown.TotalMinutes);
                    }

                    if (status == 429)
                    {
                        var (retryAfter, global, shared) = Read429(response, text);
                        if (global) _limiter.PauseGlobal(retryAfter);
                        else bucket.Block(retryAfter);
                        _metrics?.RateLimited(global ? "global" : shared ? "shared" : "route");
                        if (!shared) CountInvalid(status); // shared-scope 429s do not count towards a ban
                        Log.RateLimited(_logger, route.Key, global ? "global" : "route", (int)retryAfter.TotalMilliseconds);
                        if (++limited > Max429Retries) throw new DiscordApiException($"{route.Key}: still rate limited after {limited} retries", response.StatusCode, null);
                        continue;
                    }
                    if (status >= 500)
                    {
                        if (++failures > _options.MaxRestRetries)
                            throw Error(route, response.StatusCode, text, $"failed {failures} times");
                        Log.ServerErrorRetrying(_logger, route.Key, status, failures, _options.MaxRestRetries);
                        await Task.Delay(RetryDelay(failures), cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    if (status == 401 && route.Authenticated)
                    {
                        Volatile.Write(ref _unauthorized, 1);
                        Log.TokenRejected(_logger, route.Key);
                    }
                    throw Error(route, response.StatusCode, text, null);
                }
            }
        }
        finally
        {
            bucket.Gate.Release();
        }
    }

    public void Dispose() => _http.Dispose();

    private static ulong? ChannelOf(DiscordRoute route) =>
        route.Template.StartsWith("/channels/{channel_id}", StringComparison.Ordinal) &&
        ulong.TryParse(route.MajorParameter, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private HttpRequestMessage BuildRequest(DiscordRoute route, string? payload)
    {
        var request = new HttpRequestMessage(route.Method, _baseUrl + route.Path);
        request.Headers.UserAgent.Clear();
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (route.Authenticated) request.Headers.Authorization = new AuthenticationHeaderValue("Bot", _options.Token);
        // Why: Discord rejects bodies that are not JSON (50035); body-less calls (typing, GET) send no body at all.
        if (payload is not null) request.Content = new StringContent(payload, Encoding.UTF8, "application/json");
        return request;
    }

    private void ReadRateLimitHeaders(DiscordRoute route, RateLimitBucket bucket, HttpResponseMessage response)
    {
        if (Header(response, "X-RateLimit-Bucket") is { Length: > 0 } hash) _limiter.LearnHash(route, hash, bucket);
        if (int.TryParse(Header(response, "X-RateLimit-Remaining"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining) &&
            double.TryParse(Header(response, "X-RateLimit-Reset-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out var resetAfter))
            bucket.Update(remaining, TimeSpan.FromSeconds(resetAfter));
    }

    private static (TimeSpan RetryAfter, bool Global, bool Shared) Read429(HttpResponseMessage response, string text)
    {
        double seconds = 1;
        bool global = string.Equals(Header(response, "X-RateLimit-Global"), "true", StringComparison.OrdinalIgnoreCase);
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.TryGetProperty("retry_after", out var r) && r.TryGetDouble(out var s)) seconds = s;
            global |= doc.RootElement.GetBool("global");
        }
        catch (JsonException)
        {
            if (double.TryParse(Header(response, "Retry-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out var h)) seconds = h;
        }
        var shared = string.Equals(Header(response, "X-RateLimit-Scope"), "shared", StringComparison.OrdinalIgnoreCase);
        return (TimeSpan.FromSeconds(Math.Clamp(seconds, 0, 3600)), global, shared);
    }

    private DiscordApiException Error(DiscordRoute route, HttpStatusCode status, string text, string? extra)
    {
        int? code = null;
        string? message = null;
        try
        {
            using var doc = JsonDocument.Parse(text);
            code = doc.RootElement.GetInt("code");
            message = doc.RootElement.GetString("message");
        }
        catch (JsonException)
        {
        }
        var described = $"{route.Key}: HTTP {(int)status}{(code is null ? "" : $", code {code}")}{(message is null ? "" : $" ({message})")}{(extra is null ? "" : $", {extra}")}";
        Log.ApiError(_logger, described);
        return new DiscordApiException(described, status, code);
    }

    private TimeSpan RetryDelay(int attempt) =>
        TimeSpan.FromMilliseconds(_options.RestRetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1) * (0.75 + Random.Shared.NextDouble() / 2));

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
