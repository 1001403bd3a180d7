namespace Bot.Discord.Gateway;

/// <summary>
/// Discord's gateway send limit on one connection (120 commands per 60 s; a connection over it is closed with 4008), as
/// a sliding window. Ordinary commands (IDENTIFY, RESUME, presence updates…) may use all but a reserve of the window's
/// slots; heartbeats may use every slot, so a burst of commands never delays a heartbeat into a zombie reconnect.
/// </summary>
internal sealed class GatewaySendLimiter
{
    private readonly Queue<long> _sent = new();
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;

    /// <param name="limit">Commands allowed per <paramref name="window"/> (Discord: 120).</param>
    /// <param name="window">The window (Discord: 60 s).</param>
    /// <param name="heartbeatInterval">From HELLO: decides how many slots heartbeats need.</param>
    public GatewaySendLimiter(int limit, TimeSpan window, TimeSpan heartbeatInterval, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 2);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        Limit = limit;
        Window = window;
        HeartbeatReserve = ReserveFor(limit, window, heartbeatInterval);
        _time = time ?? TimeProvider.System;
    }

    public int Limit { get; }

    public TimeSpan Window { get; }

    /// <summary>Slots in each window that only heartbeats may use.</summary>
    public int HeartbeatReserve { get; }

    /// <summary>
    /// The heartbeats one window can hold (window ÷ interval, rounded up), plus one for the jittered first beat and one for a
    /// heartbeat Discord asks for with op 1; at least 2, and never more than half the limit. With Discord's 41.25 s interval
    /// that is 4 of 120, leaving 116 for other commands.
    /// </summary>
    internal static int ReserveFor(int limit, TimeSpan window, TimeSpan heartbeatInterval)
    {
        var beats = heartbeatInterval > TimeSpan.Zero ? (int)Math.Ceiling(window / heartbeatInterval) : limit;
        return Math.Clamp(beats + 2, 2, limit / 2);
    }

    /// <summary>Waits until one more command (or heartbeat) fits in the window, then counts it as sent.</summary>
    public async Task WaitAsync(bool heartbeat, CancellationToken cancellationToken)
    {
        var cap = heartbeat ? Limit : Limit - HeartbeatReserve;
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = _time.GetTimestamp();
                while (_sent.Count > 0 && _time.GetElapsedTime(_sent.Peek(), now) >= Window) _sent.Dequeue();
                if (_sent.Count < cap)
                {
                    _sent.Enqueue(now);
                    return;
                }
                // Room opens when the window has slid past the (count - cap + 1) oldest sends.
                wait = Window - _time.GetElapsedTime(_sent.ElementAt(_sent.Count - cap), now);
            }
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
