using System.Diagnostics;

namespace Bot.Discord.Gateway;

/// <summary>Serialises IDENTIFYs at most one per interval (Discord: max_concurrency per 5 s; excess gets op 9).</summary>
internal sealed class IdentifyGate(TimeSpan interval)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _last;

    /// <summary>Waits until an IDENTIFY may be sent and records it as sent.</summary>
    public async Task WaitAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_last != 0)
            {
                var wait = interval - Stopwatch.GetElapsedTime(_last);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, ct).ConfigureAwait(false);
            }
            _last = Stopwatch.GetTimestamp();
        }
        finally
        {
            _gate.Release();
        }
    }
}
