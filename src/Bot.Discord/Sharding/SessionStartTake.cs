namespace Bot.Discord.Sharding;

/// <summary>
/// The outcome of <see cref="ISessionStarts.TryTakeAsync"/>: a start taken in <paramref name="Window"/> (the window's reset
/// time, as the store keeps it), or none — then wait <paramref name="RetryAfter"/> (zero: the limit is unknown or has
/// reset, read GET /gateway/bot now) and try again with a new reading.
/// </summary>
public sealed record SessionStartTake(bool Taken, long Window, TimeSpan RetryAfter);
