using System.Globalization;
using Bot.Core.Indexing;

namespace Bot.FaultHost;

/// <summary>
/// Where an index write fails, and how: <c>point:n:code</c> (e.g. <c>in-upsert:1:13</c>) throws a SqliteException with
/// that error code (13 disk full, 8 read-only database, 5 locked) the n-th time the stores reach the point. Stands in for
/// a full disk or a read-only data folder where the tests run as root (chmod does not bind root).
/// </summary>
public sealed record FailAt(IndexFaultPoint Point, int Count, int SqliteErrorCode)
{
    public const string Variable = "BOT_FAULT_FAIL_AT";

    /// <summary>Null when unset; a malformed value fails loudly.</summary>
    public static FailAt? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var cut = value.LastIndexOf(':');
        if (cut > 0 && PauseAt.Parse(value[..cut]) is { } at
            && int.TryParse(value[(cut + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            return new FailAt(at.Point, at.Count, code);
        throw new ArgumentException($"{Variable}='{value}': expected point:count:sqlite-error-code, e.g. in-upsert:1:13.", nameof(value));
    }
}
