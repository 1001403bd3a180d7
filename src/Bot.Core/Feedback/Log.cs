using Microsoft.Extensions.Logging;

namespace Bot.Core.Feedback;

/// <summary>
/// The log lines of Feedback/ (event ids 2700–2799), source-generated. Questions, answers, quotes, reasons and asker
/// hashes are never logged: only counts and failures.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(2700, LogLevel.Warning, "The question log could not be written ({Error}); answering goes on without it")]
    public static partial void RecordFailed(ILogger logger, string error);

    [LoggerMessage(2701, LogLevel.Information, "Question log: deleted {Count} question(s) older than {Days} days")]
    public static partial void Purged(ILogger logger, int count, int days);

    [LoggerMessage(2702, LogLevel.Debug, "Question log: recorded a {FrontEnd} question ({Outcome})")]
    public static partial void Recorded(ILogger logger, string frontEnd, string outcome);

    [LoggerMessage(2703, LogLevel.Debug, "Question log: recorded a {Rating} rating (by the asker: {ByAsker})")]
    public static partial void Rated(ILogger logger, string rating, bool byAsker);

    [LoggerMessage(2704, LogLevel.Warning, "The question log could not be purged of old rows ({Error})")]
    public static partial void PurgeFailed(ILogger logger, string error);

    [LoggerMessage(2705, LogLevel.Debug, "The question log could not be written again ({Error})")]
    public static partial void RecordFailedAgain(ILogger logger, string error);
}
