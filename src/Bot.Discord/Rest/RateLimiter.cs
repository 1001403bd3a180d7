using System.Collections.Concurrent;
using System.Diagnostics;

namespace Bot.Discord.Rest;

/// <summary>
/// Buckets keyed by the bucket hash Discord reports for a route (until learned: the route itself) plus the major
/// parameter, and the global limit: a pause after a global 429 and a proactive pace of requests per second (evenly
/// spaced, with a burst of a tenth of the rate: in any second at most the rate plus that burst). Buckets idle
/// longer than <c>idleTimeout</c> are swept (every channel, guild and interaction token makes one), and at most
/// <c>maxBuckets</c> are held: beyond it the least recently used free ones go (a free bucket — no request in it, not
/// exhausted — only knows what its window has left, which the next response tells again). The learned hashes are one per
/// route template, a fixed handful.
/// </summary>
internal sealed class RateLimiter(int globalPerSecond, TimeSpan idleTimeout, int maxBuckets = 10_000)
{
    private int _perSecond = Math.Max(1, globalPerSecond);

    private readonly ConcurrentDictionary<string, string> _hashes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RateLimitBucket> _buckets = new(StringComparer.Ordinal);
    private long _nextAt;
    private readonly SemaphoreSlim _globalGate = new(1, 1);
    private long _globalPausedUntil;
    private long _lastSweep = Stopwatch.GetTimestamp();

    /// <summary>Buckets held now (tests check that idle ones go).</summary>
    public int BucketCount => _buckets.Count;

    /// <summary>Requests per second this process sends now under the global limit.</summary>
    public int PerSecond => Volatile.Read(ref _perSecond);

    /// <summary>Changes the per-second cap (a process's share of the bot's budget when the number of processes changes).</summary>
    public void SetPerSecond(int perSecond) => Volatile.Write(ref _perSecond, Math.Max(1, perSecond));

    public RateLimitBucket BucketFor(DiscordRoute route)
    {
        SweepIfDue();
        if (_buckets.Count >= maxBuckets) Evict();
        var byRoute = $"{route.Key}|{route.MajorParameter}";
        RateLimitBucket bucket;
        if (!_hashes.TryGetValue(route.Key, out var hash))
        {
            bucket = _buckets.GetOrAdd(byRoute, _ => new RateLimitBucket());
        }
        else
        {
            // Why: a bucket used before its hash was learned keeps its state (and its queue) under the hash key.
            bucket = _buckets.GetOrAdd($"{hash}|{route.MajorParameter}", _ => _buckets.TryGetValue(byRoute, out var known) ? known : new RateLimitBucket());
        }
        bucket.Touch();
        return bucket;
    }

    /// <summary>Removes buckets nobody used for the idle timeout, that hold no request and whose window has reset.</summary>
    public void Sweep()
    {
        Interlocked.Exchange(ref _lastSweep, Stopwatch.GetTimestamp());
        foreach (var (key, bucket) in _buckets)
            if (bucket.IdleFor >= idleTimeout && IsFree(bucket))
                _buckets.TryRemove(new KeyValuePair<string, RateLimitBucket>(key, bucket));
    }

    // Over the cap: idle ones first (the sweep), then the least recently used free ones, down to a tenth below the cap so
    // the sort runs once per tenth of the cap rather than for every new bucket.
    private void Evict()
    {
        lock (_buckets)
        {
            if (_buckets.Count < maxBuckets) return;
            Sweep();
            var excess = _buckets.Count - (maxBuckets - (maxBuckets / 10));
            if (excess <= 0) return;
            foreach (var (key, bucket) in _buckets.Where(kv => IsFree(kv.Value)).OrderByDescending(kv => kv.Value.IdleFor).Take(excess).ToList())
                _buckets.TryRemove(new KeyValuePair<string, RateLimitBucket>(key, bucket));
        }
    }

    private static bool IsFree(RateLimitBucket bucket) => bucket.Gate.CurrentCount == 1 && bucket.Delay == TimeSpan.Zero;

    private void SweepIfDue()
    {
        var period = idleTimeout < TimeSpan.FromSeconds(30) ? idleTimeout : TimeSpan.FromSeconds(30);
        if (Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastSweep)) >= period) Sweep();
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

    /// <summary>
    /// For routes under the global limit: waits out a global pause and the per-second pace. Interaction callbacks and
    /// webhooks are not bound by the global limit (Discord), so a global 429 never holds back a deferral.
    /// </summary>
    public async Task WaitGlobalAsync(bool counted, CancellationToken ct)
    {
        if (!counted) return;
        while (true)
        {
            var paused = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), Interlocked.Read(ref _globalPausedUntil));
            if (paused > TimeSpan.Zero)
            {
                await Task.Delay(paused + TimeSpan.FromMilliseconds(1), ct).ConfigureAwait(false);
                continue;
            }
            TimeSpan wait;
            await _globalGate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                // Paced, not windowed (GCRA): one request per 1/PerSecond s on average and a burst of a tenth of the rate at
                // most. A window of "PerSecond in any second" lets a whole second's requests out at once, and a burst that
                // reaches Discord a little late overlaps the next second's (global 429s).
                var now = Stopwatch.GetTimestamp();
                var perSecond = PerSecond;
                var spacing = Stopwatch.Frequency / perSecond;
                var allowedAt = _nextAt - ((Math.Max(1, perSecond / 10) - 1) * spacing);
                if (allowedAt <= now)
                {
                    _nextAt = Math.Max(_nextAt, now) + spacing;
                    return;
                }
                wait = Stopwatch.GetElapsedTime(now, allowedAt);
            }
            finally
            {
                _globalGate.Release();
            }
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), ct).ConfigureAwait(false);
        }
    }
}
