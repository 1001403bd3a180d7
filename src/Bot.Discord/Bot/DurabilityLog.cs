using Microsoft.Extensions.Logging;

namespace Bot.Discord.Bot;

/// <summary>
/// The log lines of event durability (questions taken up, done, handed to another process), event ids 1940–1959 from
/// the free range of <see cref="Discord.Log"/>. Keys are "m{message id}" or "i{interaction id}"; no content is logged.
/// </summary>
internal static partial class DurabilityLog
{
    [LoggerMessage(1940, LogLevel.Debug, "{Key} is done already (answered by this or another process); not answered again")]
    public static partial void AlreadyDone(ILogger logger, string key);

    [LoggerMessage(1941, LogLevel.Information, "{Key} is being answered by another live process; waiting until it is done or that process dies")]
    public static partial void HeldElsewhere(ILogger logger, string key);

    [LoggerMessage(1942, LogLevel.Warning, "{Key} was taken over by another process while this one answered it (this process was thought dead); it may be answered twice")]
    public static partial void TakenOverWhileAnswering(ILogger logger, string key);

    [LoggerMessage(1943, LogLevel.Warning, "Could not record the state of {Key} in the shared store")]
    public static partial void EventStateNotSaved(ILogger logger, Exception exception, string key);

    [LoggerMessage(1944, LogLevel.Information, "{Key} arrived while stopping; left to the process that resumes the session")]
    public static partial void LeftForNextProcess(ILogger logger, string key);

    [LoggerMessage(1945, LogLevel.Warning, "Shard [{Shard}, {ShardCount}]: the session could not be saved when it became ready; the next renewal saves it")]
    public static partial void SessionNotSaved(ILogger logger, Exception exception, int shard, int shardCount);
}
