using Microsoft.Extensions.Logging;

namespace Bot.Core.Indexing;

/// <summary>
/// The log lines of Indexing/ and Indexing/Postgres/ (event ids 2000–2099), source-generated.
/// Bot.Core event ids, one range per feature folder (each folder has its own Log class): 2000–2099 Indexing (with
/// Indexing/Postgres), 2100–2199 Embeddings, 2200–2299 Search, 2300–2399 Llm, 2400–2499 Watching, 2500–2599 Evaluation,
/// 2600–2699 reserved for Answering. Ids are stable: never reuse or renumber one; add new ones at the end of the range.
/// Paths are logged; passage and sentence text never is.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Warning, "The index could not be read; moved it to {Path} and rebuilding it from the seeds")]
    public static partial void UnreadableIndexMovedAside(ILogger logger, string path);

    [LoggerMessage(2001, LogLevel.Information, "Removed {Path} from the index (file is gone)")]
    public static partial void RemovedGoneFile(ILogger logger, string path);

    [LoggerMessage(2002, LogLevel.Debug,
        "Index text: listed {Files} files in {List} ms, read the stored state in {State} ms, files {Index} ms, removals {Remove} ms")]
    public static partial void IndexTextTimings(ILogger logger, int files, int list, int state, int index, int remove);

    [LoggerMessage(2040, LogLevel.Debug, "Index text: the {Files} files listed in {List} ms match the index's manifest; nothing to compare")]
    public static partial void SeedsMatchManifest(ILogger logger, int files, int list);

    [LoggerMessage(2041, LogLevel.Debug, "The seeds manifest could not be recorded: {Reason}")]
    public static partial void ManifestNotRecorded(ILogger logger, string reason);

    [LoggerMessage(2003, LogLevel.Information, "Renamed {Old} → {New}")]
    public static partial void Renamed(ILogger logger, string old, string @new);

    [LoggerMessage(2004, LogLevel.Debug, "Indexed {Path}: {Passages} passages, {Sentences} sentences")]
    public static partial void Indexed(ILogger logger, string path, int passages, int sentences);

    [LoggerMessage(2005, LogLevel.Warning, "Not indexed {Path}: {Reason}")]
    public static partial void NotIndexed(ILogger logger, string path, string reason);

    [LoggerMessage(2006, LogLevel.Warning, "Embedding failed; lexical search is up to date, vectors will be retried next run")]
    public static partial void EmbeddingFailed(ILogger logger, Exception exception);

    [LoggerMessage(2007, LogLevel.Information, "Upgrading the index schema (2 → {New}) at {Path}: sentence hashes and sentence vectors")]
    public static partial void UpgradingSqliteSchema(ILogger logger, int @new, string path);

    [LoggerMessage(2014, LogLevel.Information, "The index's {Count} documents were read by parser version {Old}; version {New} reads them again on this run (vectors are kept) at {Where}")]
    public static partial void ReparsingDocuments(ILogger logger, long count, string old, string @new, string where);

    [LoggerMessage(2008, LogLevel.Warning, "Index schema changed ({Old} → {New}); rebuilding the index at {Path}")]
    public static partial void RebuildingSqliteIndex(ILogger logger, string old, int @new, string path);

    [LoggerMessage(2009, LogLevel.Information, "Upgrading the index schema (2 → {New}) in {Store}: sentence hashes and sentence vectors")]
    public static partial void UpgradingPostgresSchema(ILogger logger, int @new, string store);

    [LoggerMessage(2010, LogLevel.Warning, "Index schema changed ({Old} → {New}); rebuilding the index in {Store}")]
    public static partial void RebuildingPostgresIndex(ILogger logger, string old, int @new, string store);

    [LoggerMessage(2011, LogLevel.Information, "Index store: {Store}")]
    public static partial void IndexStore(ILogger logger, string store);

    [LoggerMessage(2012, LogLevel.Debug, "Index run: vectors {Vectors} ms")]
    public static partial void IndexVectorTimings(ILogger logger, int vectors);

    [LoggerMessage(2013, LogLevel.Information, "Indexing stopped after {Seconds:F1} s with {Left} of {Files} files not looked at; the next run continues")]
    public static partial void TextBudgetSpent(ILogger logger, double seconds, int left, int files);
}
