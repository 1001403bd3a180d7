using System.Globalization;
using Bot.Core.Indexing;

namespace Bot.FaultHost;

/// <summary>Where to pause: the <see cref="Count"/>-th arrival at <see cref="Point"/>, written <c>point:n</c> (e.g. <c>in-upsert:2</c>).</summary>
public sealed record PauseAt(IndexFaultPoint Point, string Name, int Count)
{
    public const string Variable = "BOT_FAULT_PAUSE_AT";

    private static readonly Dictionary<string, IndexFaultPoint> Points = new(StringComparer.Ordinal)
    {
        ["in-upsert"] = IndexFaultPoint.InUpsert,
        ["after-write"] = IndexFaultPoint.AfterWrite,
        ["after-vectors"] = IndexFaultPoint.AfterVectors,
    };

    /// <summary>Null when unset; a malformed value fails loudly, so a typo in a test cannot turn into a run that never pauses.</summary>
    public static PauseAt? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var parts = value.Split(':');
        if (parts.Length == 2 && Points.TryGetValue(parts[0], out var point)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0)
            return new PauseAt(point, parts[0], count);
        throw new ArgumentException($"{Variable}='{value}': expected one of {string.Join(", ", Points.Keys)}, a colon and a count from 1.", nameof(value));
    }
}
