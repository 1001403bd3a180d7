namespace Bot.Discord.Sharding;

/// <summary>
/// Discord's <c>session_start_limit</c> shared by every process of the bot: the limit is per bot, not per process, so
/// N processes that each trust their own GET /gateway/bot reading would start N times too many sessions. Each IDENTIFY
/// takes one start from the shared count; when none is left every process waits for <c>reset_after</c> and reads the
/// limit again. Without an implementation (one process) the <see cref="IdentifyScheduler"/> counts alone.
/// </summary>
public interface ISessionStarts
{
    /// <summary>
    /// Takes one session start. <paramref name="reading"/>, a GET /gateway/bot reading this process has not reported yet,
    /// is merged first: within the current window the lower count wins; once the window has reset it replaces it.
    /// </summary>
    Task<SessionStartTake> TryTakeAsync(SessionStartReading? reading, CancellationToken cancellationToken);

    /// <summary>Gives back a start taken in <paramref name="window"/> whose IDENTIFY was never sent (a no-op once the window reset).</summary>
    Task ReturnAsync(long window, CancellationToken cancellationToken);
}
