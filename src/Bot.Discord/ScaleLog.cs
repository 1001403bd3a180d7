using Microsoft.Extensions.Logging;

namespace Bot.Discord;

/// <summary>
/// The log lines of the several-process limits (event ids 1920–1939, from the free range of <see cref="Log"/>): the REST
/// budget's division and the shared session-start limit. Kept in a class of their own.
/// </summary>
internal static partial class ScaleLog
{
    [LoggerMessage(1920, LogLevel.Warning,
        "{Live} bot processes are live but Bot:Discord:RestProcesses is {Configured}: this process now sends at most {PerSecond} REST requests a second (set RestProcesses to the number of processes)")]
    public static partial void RestShareLowered(ILogger logger, int live, int configured, int perSecond);

    [LoggerMessage(1921, LogLevel.Information, "REST budget: this process sends at most {PerSecond} requests a second ({Live} live processes, RestProcesses {Configured})")]
    public static partial void RestShareChanged(ILogger logger, int perSecond, int live, int configured);

    [LoggerMessage(1922, LogLevel.Warning, "Counting the live bot processes in PostgreSQL failed; the REST share stays as it is")]
    public static partial void RestShareNotRead(ILogger logger, Exception exception);

    [LoggerMessage(1923, LogLevel.Warning, "The shared session-start limit in PostgreSQL could not be read; this process counts its own session starts meanwhile")]
    public static partial void SharedSessionStartsFailed(ILogger logger, Exception exception);

    [LoggerMessage(1924, LogLevel.Warning, "Session starts used up for every process of the bot (session_start_limit): shard {ShardId} waits {Seconds:F0} s for reset_after")]
    public static partial void SharedSessionStartsExhausted(ILogger logger, int shardId, double seconds);
}
