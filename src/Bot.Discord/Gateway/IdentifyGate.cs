using System.Diagnostics;

namespace Bot.Discord.Gateway;

/// <summary>
/// At most one IDENTIFY per interval (Discord: max_concurrency per 5 s; excess gets op 9). Only IDENTIFYs actually sent
/// count, so failed connection attempts do not push the next one back.
/// </summary>
internal sealed class IdentifyGate(TimeSpan interval)
{
    private long _last;

    /// <summary>Waits until an IDENTIFY may be sent.</summary>
    public async Task WaitAsync(CancellationToken ct)
    {
        var last = Interlocked.Read(ref _last);
        if (last == 0) return;
        var wait = interval - Stopwatch.GetElapsedTime(last);
        if (wait > TimeSpan.Zero) await Task.Delay(wait, ct).ConfigureAwait(false);
    }

    /// <summary>Records that an IDENTIFY was sent now.</summary>
    public void Sent() => Interlocked.Exchange(ref _last, Stopwatch.GetTimestamp());
}
