namespace Bot.Discord.Gateway;

/// <summary>Capped exponential back-off with jitter ("equal jitter": half fixed, half random) so many bots don't reconnect in step.</summary>
internal static class Backoff
{
    public static TimeSpan Delay(int failures, TimeSpan first, TimeSpan max)
    {
        if (failures <= 0) return TimeSpan.Zero;
        var capped = Math.Min(max.TotalMilliseconds, first.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 20)));
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
    }
}
