using Microsoft.Extensions.Logging;

namespace Bot.Core.Llm;

/// <summary>
/// The log lines of Llm/ (event ids 2300–2399), source-generated.
/// Bot.Core event ids, one range per feature folder (each folder has its own Log class): 2000–2099 Indexing (with
/// Indexing/Postgres), 2100–2199 Embeddings, 2200–2299 Search, 2300–2399 Llm, 2400–2499 Watching, 2500–2599 Evaluation,
/// 2600–2699 Answering (Answering/Pipeline/Log.cs). Ids are stable: never reuse or renumber one; add new ones at the end of the range.
/// The user's question (and its condensed rewrite) is logged at Trace only: with Trace on, the "…WithQuestion" line is
/// written instead of its content-free Debug twin (as dotnet/extensions' logging chat client does). The API key never
/// is; the endpoint is logged without credentials.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(2300, LogLevel.Debug, "LLM answers: model {Model} at {Endpoint}, prompts from {Prompts}.")]
    public static partial void LlmConfigured(ILogger logger, string model, string endpoint, string prompts);

    /// <summary>The answer's timing and outcome at Debug; with the question only when Trace is on.</summary>
    public static void Answered(ILogger logger, string question, double ms, bool answered, int quotes)
    {
        if (logger.IsEnabled(LogLevel.Trace)) AnsweredWithQuestion(logger, question, ms, answered, quotes);
        else AnsweredWithoutQuestion(logger, ms, answered, quotes);
    }

    [LoggerMessage(2301, LogLevel.Debug, "LLM answer in {Ms:F0} ms: answered={Answered}, {Quotes} quotes.")]
    private static partial void AnsweredWithoutQuestion(ILogger logger, double ms, bool answered, int quotes);

    [LoggerMessage(2302, LogLevel.Trace, "LLM answer for {Question} in {Ms:F0} ms: answered={Answered}, {Quotes} quotes.")]
    private static partial void AnsweredWithQuestion(ILogger logger, string question, double ms, bool answered, int quotes);

    [LoggerMessage(2303, LogLevel.Warning, "LLM reply unusable ({Dropped} quotes dropped, {Unsupported} unsupported sentences); extractive answer instead.")]
    public static partial void ReplyUnusable(ILogger logger, int dropped, int unsupported);

    /// <summary>That a follow-up was condensed, at Debug; the question and its rewrite only when Trace is on.</summary>
    public static void Condensed(ILogger logger, string question, string standalone)
    {
        if (logger.IsEnabled(LogLevel.Trace)) CondensedWithQuestion(logger, question, standalone);
        else CondensedWithoutQuestion(logger);
    }

    [LoggerMessage(2304, LogLevel.Debug, "Condensed the follow-up question to a stand-alone question.")]
    private static partial void CondensedWithoutQuestion(ILogger logger);

    [LoggerMessage(2305, LogLevel.Trace, "Condensed {Question} to {Standalone}.")]
    private static partial void CondensedWithQuestion(ILogger logger, string question, string standalone);

    [LoggerMessage(2306, LogLevel.Warning, "LLM {Model} failed ({Reason}); extractive answer instead.")]
    public static partial void LlmFailed(ILogger logger, string model, string reason);

    [LoggerMessage(2307, LogLevel.Debug, "LLM failure detail.")]
    public static partial void LlmFailureDetail(ILogger logger, Exception exception);
}
