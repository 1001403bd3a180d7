using System.Diagnostics;

namespace Bot.Discord.Rest;

/// <summary>
/// A sliding count of invalid requests (401, 403 and non-shared 429 responses) over the last <see cref="Window"/>
/// (Discord bans an IP at 10,000 per 10 minutes), in one-second slots: fixed memory however many arrive.
/// </summary>
/// <param name="clock">Whole seconds of a monotonic clock (tests pass their own).</param>
internal sealed class InvalidRequestWindow(Func<long>? clock = null)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private const int Slots = 600;
    private readonly int[] _counts = new int[Slots];
    private readonly long[] _seconds = new long[Slots];
    private readonly Lock _lock = new();
    private readonly Func<long> _clock = clock ?? (() => Stopwatch.GetTimestamp() / Stopwatch.Frequency);

    public void Add()
    {
        var now = _clock();
        lock (_lock)
        {
            var slot = (int)(now % Slots);
            if (_seconds[slot] != now)
            {
                _seconds[slot] = now;
                _counts[slot] = 0;
            }
            _counts[slot]++;
        }
    }

    /// <summary>Invalid requests within the last ten minutes.</summary>
    public int Count
    {
        get
        {
            var now = _clock();
            lock (_lock)
            {
                var total = 0;
                for (var i = 0; i < Slots; i++)
                    if (now - _seconds[i] < Slots) total += _counts[i];
                return total;
            }
        }
    }
}
