using Bot.Core.Indexing;
using Microsoft.Extensions.Logging;

namespace Bot.FaultHost;

/// <summary>
/// Logs <see cref="Marker"/> and blocks the writing thread forever the n-th time the stores reach the chosen point:
/// the test waits for the marker on standard error, then SIGKILLs the process.
/// </summary>
public sealed partial class PausingFaultPoints(PauseAt pauseAt, ILogger<PausingFaultPoints> logger) : IIndexFaultPoints
{
    public const string Marker = "BOT-DEBUG-PAUSED";

    private int _seen;

    public void Reached(IndexFaultPoint point)
    {
        if (point != pauseAt.Point || Interlocked.Increment(ref _seen) != pauseAt.Count) return;
        Paused(logger, Marker, pauseAt.Name, pauseAt.Count);
        Thread.Sleep(Timeout.Infinite);
    }

    [LoggerMessage(1, LogLevel.Warning, "{Marker} {Point}:{Count}")]
    private static partial void Paused(ILogger logger, string marker, string point, int count);
}
