using System.Collections.Concurrent;
using System.Diagnostics;

namespace Bot.Discord.Rest;

/// <summary>
/// Buckets keyed by the bucket hash Discord reports for a route (until learned: the route itself) plus the major
/// parameter, and the global limit: a pause after a global 429 and a proactive cap of requests per second.
/// </summary>
internal sealed class RateLimiter(int globalPerSecond)
{
    private readonly ConcurrentDictionary<string, string> _hashes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RateLimitBucket> _buckets = new(StringComparer.Ordinal);
    private readonly Queue<long> _recent = new();
    private readonly SemaphoreSlim _globalGate = new(1, 1);
    private long _globalPausedUntil;

    public RateLimitBucket BucketFor(DiscordRoute route)
    {
        var byRoute = $"{route.Key}|{route.MajorParameter}";
        if (!_hashes.TryGetValue(route.Key, out var hash)) return _buckets.GetOrAdd(byRoute, _ => new RateLimitBucket());
        // Why: a bucket used before its hash was learned keeps its state (and its queue) under the hash key.
        return _buckets.GetOrAdd($"{hash}|{route.MajorParameter}", _ => _buckets.TryGetValue(byRoute, out var known) ? known : new RateLimitBucket());
    }

    /// <summary>Remembers the bucket hash of a route; later requests of routes sharing a hash share its bucket.</summary>
    public void LearnHash(DiscordRoute route, string hash, RateLimitBucket current)
    {
        if (_hashes.TryAdd(route.Key, hash))
            _buckets.TryAdd($"{hash}|{route.MajorParameter}", current);
    }

    public void PauseGlobal(TimeSpan retryAfter)
    {
        var until = Stopwatch.GetTimestamp() + (long)(retryAfter.TotalSeconds * Stopwatch.Frequency);
        long seen;
        do
        {
            seen = Interlocked.Read(ref _globalPausedUntil);
            if (seen >= until) return;
        } while (Interlocked.CompareExchange(ref _globalPausedUntil, until, seen) != seen);
    }

    /// <summary>Waits out a global pause (every route) and, for routes under the global limit, the per-second cap.</summary>
    public async Task WaitGlobalAsync(bool counted, CancellationToken ct)
    {
        while (true)
        {
            var paused = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), Interlocked.Read(ref _globalPausedUntil));
            if (paused > TimeSpan.Zero)
            {
                await Task.Delay(paused + TimeSpan.FromMilliseconds(1), ct).ConfigureAwait(false);
                continue;
            }
            if (!counted) return;
            TimeSpan wait;
            await _globalGate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var now = Stopwatch.GetTimestamp();
                while (_recent.Count > 0 && Stopwatch.GetElapsedTime(_recent.Peek(), now) >= TimeSpan.FromSeconds(1)) _recent.Dequeue();
                if (_recent.Count < globalPerSecond)
                {
                    _recent.Enqueue(now);
                    return;
                }
                wait = TimeSpan.FromSeconds(1) - Stopwatch.GetElapsedTime(_recent.Peek(), now);
            }
            finally
            {
                _globalGate.Release();
            }
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), ct).ConfigureAwait(false);
        }
    }
}
