using Microsoft.Extensions.Logging;

namespace Bot.Core.Evaluation;

/// <summary>
/// The log lines of Evaluation/ (event ids 2500–2599), source-generated.
/// Bot.Core event ids, one range per feature folder (each folder has its own Log class): 2000–2099 Indexing (with
/// Indexing/Postgres), 2100–2199 Embeddings, 2200–2299 Search, 2300–2399 Llm, 2400–2499 Watching, 2500–2599 Evaluation,
/// 2600–2699 reserved for Answering. Ids are stable: never reuse or renumber one; add new ones at the end of the range.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(2500, LogLevel.Warning, "Could not delete {Path}: {Reason}")]
    public static partial void TempNotDeleted(ILogger logger, string path, string reason);
}
