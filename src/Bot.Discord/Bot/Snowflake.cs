namespace Bot.Discord.Bot;

/// <summary>Discord ids (snowflakes) carry their creation time: milliseconds since 2015-01-01 in the bits above 22.</summary>
public static class Snowflake
{
    private const long DiscordEpochMs = 1_420_070_400_000;

    public static DateTimeOffset CreatedAt(ulong id) => DateTimeOffset.FromUnixTimeMilliseconds((long)(id >> 22) + DiscordEpochMs);

    /// <summary>The smallest id created at <paramref name="time"/> (tests build ids of a given age with it).</summary>
    public static ulong At(DateTimeOffset time) => (ulong)(time.ToUnixTimeMilliseconds() - DiscordEpochMs) << 22;
}
