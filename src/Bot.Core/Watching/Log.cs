using Microsoft.Extensions.Logging;

namespace Bot.Core.Watching;

/// <summary>
/// The log lines of Watching/ (event ids 2400–2499), source-generated.
/// Bot.Core event ids, one range per feature folder (each folder has its own Log class): 2000–2099 Indexing (with
/// Indexing/Postgres), 2100–2199 Embeddings, 2200–2299 Search, 2300–2399 Llm, 2400–2499 Watching, 2500–2599 Evaluation,
/// 2600–2699 reserved for Answering. Ids are stable: never reuse or renumber one; add new ones at the end of the range.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(2400, LogLevel.Information, "Re-indexed ({Trigger}): {Added} added, {Updated} updated, {Renamed} renamed, {Removed} removed")]
    public static partial void Reindexed(ILogger logger, ReindexTrigger trigger, int added, int updated, int renamed, int removed);

    [LoggerMessage(2401, LogLevel.Warning, "Background re-index ({Trigger}) failed: {Message}")]
    public static partial void ReindexFailed(ILogger logger, Exception exception, ReindexTrigger trigger, string message);

    [LoggerMessage(2402, LogLevel.Information, "Files in {Seeds} kept changing for {Seconds} s; indexing them as they are")]
    public static partial void StillChanging(ILogger logger, string seeds, int seconds);

    [LoggerMessage(2403, LogLevel.Information, "File watching of {Seeds} lost events ({Message}); rescanning")]
    public static partial void WatchingLostEvents(ILogger logger, string seeds, string message);

    [LoggerMessage(2404, LogLevel.Debug, "Watching {Seeds} for changes")]
    public static partial void Watching(ILogger logger, string seeds);

    [LoggerMessage(2405, LogLevel.Warning, "Cannot watch {Seeds} ({Message}); relying on the periodic rescan")]
    public static partial void CannotWatch(ILogger logger, string seeds, string message);

    [LoggerMessage(2406, LogLevel.Warning, "A re-index notification handler failed")]
    public static partial void NotificationHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(2407, LogLevel.Warning, "Background embedding failed: {Message}")]
    public static partial void BackgroundEmbeddingFailed(ILogger logger, Exception exception, string message);

    [LoggerMessage(2408, LogLevel.Information, "Embedded {Passages} passages and {Sentences} sentences in the background in {Seconds:F0} s")]
    public static partial void BackgroundEmbeddingDone(ILogger logger, int passages, int sentences, double seconds);
}
