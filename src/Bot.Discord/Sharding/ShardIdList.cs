using System.Globalization;

namespace Bot.Discord.Sharding;

/// <summary>
/// <c>Bot:Discord:ShardIds</c>: shard ids as "0,1,2", ranges "0-3", or both ("0-1,6"); empty means every shard.
/// </summary>
public static class ShardIdList
{
    /// <summary>Parses the list; null for an empty one (every shard).</summary>
    /// <exception cref="FormatException">Not a list of non-negative integers and ranges.</exception>
    public static IReadOnlyList<int>? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var ids = new SortedSet<int>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = raw.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0)
            {
                var from = Number(raw[..dash].Trim(), text);
                var to = Number(raw[(dash + 1)..].Trim(), text);
                if (to < from) throw new FormatException($"'{raw}' in '{text}' is an empty range");
                for (var i = from; i <= to; i++) ids.Add(i);
            }
            else
            {
                ids.Add(Number(raw, text));
            }
        }
        return ids.Count == 0 ? null : [.. ids];
    }

    private static int Number(string s, string text) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < 65_536
            ? n
            : throw new FormatException($"'{s}' in '{text}' is not a shard id (0–65535)");
}
