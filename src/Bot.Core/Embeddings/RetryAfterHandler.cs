using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Core.Embeddings;

/// <summary>
/// Retries HTTP requests that failed transiently: 429 (waiting as long as <c>Retry-After</c> / <c>retry-after-ms</c> asks,
/// capped), 500/502/503/504, connection failures and per-attempt time-outs (exponential back-off with jitter).
/// Logs the method, URL and status only — never headers, so API keys stay out of logs.
/// </summary>
public sealed class RetryAfterHandler : DelegatingHandler
{
    private readonly int _maxRetries;
    private readonly TimeSpan _maxDelay;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _attemptTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="maxRetries">Retries after the first attempt.</param>
    /// <param name="maxDelay">Longest single wait; a longer Retry-After is capped to it.</param>
    /// <param name="attemptTimeout">Time-out of one attempt; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="logger">Retry log.</param>
    /// <param name="timeProvider">Clock for waits; null for the system clock.</param>
    public RetryAfterHandler(int maxRetries, TimeSpan maxDelay, TimeSpan attemptTimeout, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, TimeSpan.Zero);
        _maxRetries = maxRetries;
        _maxDelay = maxDelay;
        _baseDelay = TimeSpan.FromMilliseconds(Math.Min(500, maxDelay.TotalMilliseconds));
        _attemptTimeout = attemptTimeout;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (_attemptTimeout != Timeout.InfiniteTimeSpan)
            {
                attemptCts.CancelAfter(_attemptTimeout);
            }

            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, attemptCts.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (attempt <= _maxRetries)
            {
                await WaitAsync(Backoff(attempt), attempt, $"connection failed ({ex.Message})", request, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt <= _maxRetries)
                {
                    await WaitAsync(Backoff(attempt), attempt, "timed out", request, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new TimeoutException($"{request.Method} {request.RequestUri} timed out after {_attemptTimeout.TotalSeconds:0.#} s ({attempt} attempts).", ex);
            }

            if (!IsTransient(response.StatusCode) || attempt > _maxRetries)
            {
                return response;
            }

            var delay = RetryAfter(response) ?? Backoff(attempt);
            var status = $"HTTP {(int)response.StatusCode}";
            response.Dispose();
            await WaitAsync(delay, attempt, status, request, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The wait a response asks for: <c>retry-after-ms</c>, or <c>Retry-After</c> as seconds or a date; capped.</summary>
    internal TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        TimeSpan? asked = null;
        if (response.Headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            asked = TimeSpan.FromMilliseconds(millis);
        }
        else if (response.Headers.RetryAfter is { } retryAfter)
        {
            asked = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - _time.GetUtcNow() : null);
        }

        return asked is { } wait ? TimeSpan.FromTicks(Math.Clamp(wait.Ticks, 0, _maxDelay.Ticks)) : null;
    }

    private static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests
        or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private TimeSpan Backoff(int attempt)
    {
        var exponential = _baseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
#pragma warning disable CA5394 // Jitter, not security.
        var jittered = exponential * (0.8 + (0.4 * Random.Shared.NextDouble()));
#pragma warning restore CA5394
        return TimeSpan.FromMilliseconds(Math.Min(jittered, _maxDelay.TotalMilliseconds));
    }

    private async Task WaitAsync(TimeSpan delay, int attempt, string reason, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Log.Retrying(_logger, request.Method, request.RequestUri, reason, attempt, _maxRetries, delay.TotalSeconds);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
