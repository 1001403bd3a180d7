using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Indexing;

/// <summary>
/// Test hook for crash-safety tests: with <c>BOT_DEBUG_PAUSE_AT=point:n</c> the process logs a marker and blocks
/// forever the n-th time it reaches <c>point</c>, so a test can SIGKILL it at an exact place. Inert otherwise.
/// </summary>
internal static class DebugPause
{
    public const string Variable = "BOT_DEBUG_PAUSE_AT";
    public const string Marker = "BOT-DEBUG-PAUSED";

    /// <summary>After a document write (upsert, move, removal, alias) committed.</summary>
    public const string AfterWrite = "after-write";

    /// <summary>Inside a document upsert's transaction, everything written but not committed.</summary>
    public const string InUpsert = "in-upsert";

    /// <summary>After a batch of backfilled vectors committed.</summary>
    public const string AfterVectors = "after-vectors";

    private static readonly (string Point, int Count)? Target = Parse(Environment.GetEnvironmentVariable(Variable));
    private static int _seen;

    public static void At(string point, ILogger logger)
    {
        if (Target is not { } t || t.Point != point) return;
        if (Interlocked.Increment(ref _seen) != t.Count) return;
        logger.LogWarning("{Marker} {Point}:{Count}", Marker, point, t.Count);
        Thread.Sleep(Timeout.Infinite);
    }

    private static (string, int)? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var parts = value.Split(':');
        return parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? (parts[0], n) : null;
    }
}
