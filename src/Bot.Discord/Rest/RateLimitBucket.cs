using System.Diagnostics;

namespace Bot.Discord.Rest;

/// <summary>
/// One rate-limit bucket (bucket hash or route, plus major parameter). Requests in a bucket run one at a time so the
/// Remaining/Reset-After of a response is known before the next request is sent.
/// </summary>
internal sealed class RateLimitBucket
{
    private readonly Lock _lock = new();
    private int _remaining = 1;
    private long _resetAt;
    private long _lastUsed = Stopwatch.GetTimestamp();

    /// <summary>Time since a request last asked for this bucket.</summary>
    public TimeSpan IdleFor => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public void Touch() => Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>How long to wait before this bucket has a request left (zero when it has one).</summary>
    public TimeSpan Delay
    {
        get
        {
            lock (_lock)
            {
                if (_remaining > 0) return TimeSpan.Zero;
                var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _resetAt);
                if (left > TimeSpan.Zero) return left;
                _remaining = 1; // the window has reset; the next response tells the real figure
                return TimeSpan.Zero;
            }
        }
    }

    public void Update(int remaining, TimeSpan resetAfter)
    {
        lock (_lock)
        {
            _remaining = remaining;
            _resetAt = Stopwatch.GetTimestamp() + (long)(resetAfter.TotalSeconds * Stopwatch.Frequency);
        }
    }

    /// <summary>After a 429 on this bucket: nothing is sent into it until <paramref name="retryAfter"/> has passed.</summary>
    public void Block(TimeSpan retryAfter) => Update(0, retryAfter);
}
