using Bot.Core.Search.Vectors;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Search;

/// <summary>
/// The log lines of Search/ (event ids 2200–2299), source-generated.
/// Bot.Core event ids, one range per feature folder (each folder has its own Log class): 2000–2099 Indexing (with
/// Indexing/Postgres), 2100–2199 Embeddings, 2200–2299 Search, 2300–2399 Llm, 2400–2499 Watching, 2500–2599 Evaluation,
/// 2600–2699 reserved for Answering. Ids are stable: never reuse or renumber one; add new ones at the end of the range.
/// The question is never logged here.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(2200, LogLevel.Warning, "Could not embed the question ({Error}); answering from BM25 alone.")]
    public static partial void QuestionNotEmbedded(ILogger logger, string error);

    [LoggerMessage(2201, LogLevel.Warning,
        "The embedding model returned {Actual} dimensions but the index holds {Stored}; answering from BM25 alone. Run 'bot index --full' after changing models.")]
    public static partial void DimensionMismatch(ILogger logger, int actual, int stored);

    [LoggerMessage(2202, LogLevel.Warning, "The index holds no vectors for {Model} yet; answering from BM25 alone until 'bot index' embeds the passages.")]
    public static partial void NoVectors(ILogger logger, string model);

    [LoggerMessage(2203, LogLevel.Warning, "Stored vectors for {Model} are not {Encoding} blobs; answering from BM25 alone. Run 'bot index --full'.")]
    public static partial void WrongVectorEncoding(ILogger logger, string model, VectorEncoding encoding);

    [LoggerMessage(2204, LogLevel.Warning, "Skipped {Count} stored vectors of another size for {Model}.")]
    public static partial void SkippedVectors(ILogger logger, int count, string model);
}
