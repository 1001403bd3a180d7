using System.Globalization;
using System.Text.RegularExpressions;

namespace Bot.Cli.Commands;

/// <summary>`--since 7d`: a period back from now (<c>Nh</c>, <c>Nd</c>, <c>Nw</c>) or a UTC date (<c>2026-12-01</c>).</summary>
public static partial class SinceOption
{
    public const string Help = "Only questions of this period: 24h, 7d, 2w, or a date such as 2026-12-01 (default: everything retained)";

    [GeneratedRegex(@"^(?<n>[0-9]{1,5})(?<unit>[hdw])$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Period();

    /// <summary>The start of the period; null when <paramref name="text"/> is not one of the forms above.</summary>
    public static DateTimeOffset? Parse(string text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = Period().Match(text.Trim());
        if (m.Success)
        {
            var n = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            return char.ToLowerInvariant(m.Groups["unit"].Value[0]) switch
            {
                'h' => now - TimeSpan.FromHours(n),
                'd' => now - TimeSpan.FromDays(n),
                _ => now - TimeSpan.FromDays(7.0 * n),
            };
        }
        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : null;
    }
}
