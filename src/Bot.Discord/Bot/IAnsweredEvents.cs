namespace Bot.Discord.Bot;

/// <summary>
/// Which messages and interactions were already taken up, shared by every process of the bot, so an event Discord
/// replays (a RESUME from an older sequence after a takeover) is answered once.
/// </summary>
public interface IAnsweredEvents
{
    /// <summary>True for the first claim of <paramref name="key"/> ("m{id}" or "i{id}"), false after.</summary>
    Task<bool> TryClaimAsync(string key, CancellationToken cancellationToken);
}
