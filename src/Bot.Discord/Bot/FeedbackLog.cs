using Microsoft.Extensions.Logging;

namespace Bot.Discord.Bot;

/// <summary>
/// The log lines of the Discord feedback feature (event ids 1900–1919, from the free range of <see cref="Discord.Log"/>),
/// kept in a class of their own. No question, answer or user id is logged.
/// </summary>
internal static partial class FeedbackLog
{
    [LoggerMessage(1900, LogLevel.Warning, "Adding the feedback reactions failed: {Error}")]
    public static partial void ReactionFailed(ILogger logger, string error);

    [LoggerMessage(1901, LogLevel.Error, "Building the /report reply failed")]
    public static partial void ReportFailed(ILogger logger, Exception exception);
}
