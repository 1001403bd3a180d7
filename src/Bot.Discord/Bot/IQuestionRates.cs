namespace Bot.Discord.Bot;

/// <summary>
/// Per-user and per-channel question rates shared by every process of the bot (PostgreSQL), so a user cannot get N times
/// the rate by landing on N processes. Without it (one process) <see cref="QuestionAdmission"/> keeps the rates itself.
/// </summary>
public interface IQuestionRates
{
    /// <summary>
    /// Checks a question from <paramref name="userId"/> in <paramref name="channelId"/> against the rates of the last
    /// minute and counts it when allowed; going over mutes the user (or channel) for <see cref="DiscordOptions.FloodMute"/>.
    /// </summary>
    Task<QuestionRate> CheckAsync(ulong userId, ulong channelId, CancellationToken cancellationToken);
}
