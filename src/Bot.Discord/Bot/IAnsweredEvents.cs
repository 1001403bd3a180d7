namespace Bot.Discord.Bot;

/// <summary>
/// Which messages and interactions were taken up, by whom, and which are done, shared by every process of the bot: an
/// event Discord sends again (a RESUME from the checkpoint after a takeover) is answered again only when the process
/// that took it up died before it was done, never when it was answered.
/// </summary>
public interface IAnsweredEvents
{
    /// <summary>Takes <paramref name="key"/> ("m{id}" or "i{id}") up for this process, unless it is done or another live process has it.</summary>
    Task<EventClaim> TryClaimAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// The event taken up is done (answered, refused, ignored, or failed for good): never taken up again. False when it
    /// was no longer this process's (another took it over, judging this one dead): it may have been answered twice.
    /// </summary>
    Task<bool> CompleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>The event taken up was not done (a stop cancelled it): any process may take it up at once.</summary>
    Task ReleaseAsync(string key, CancellationToken cancellationToken);
}
