using Microsoft.Extensions.Logging;

namespace Bot.Core.Answering.Pipeline;

/// <summary>
/// The log lines of the answering pipeline (Answering/, event ids 2600–2699; the map of ranges is in Llm/Log.cs),
/// source-generated. The question and its spelling correction are logged at Trace only: with Trace on, the
/// "…WithQuestion" line is written instead of its content-free Debug twin. Ids are stable: never reuse or renumber one.
/// </summary>
internal static partial class Log
{
    /// <summary>The answer's outcome at Debug; with the question only when Trace is on.</summary>
    public static void Answered(ILogger logger, string question, bool answered, double? top, double confidence)
    {
        if (logger.IsEnabled(LogLevel.Trace)) AnsweredWithQuestion(logger, question, answered, top, confidence);
        else AnsweredWithoutQuestion(logger, answered, top, confidence);
    }

    [LoggerMessage(2600, LogLevel.Debug, "Answered={Answered} top={Score:F3} confidence={Confidence:F3}.")]
    private static partial void AnsweredWithoutQuestion(ILogger logger, bool answered, double? score, double confidence);

    [LoggerMessage(2601, LogLevel.Trace, "Asked {Question}: answered={Answered} top={Score:F3} confidence={Confidence:F3}.")]
    private static partial void AnsweredWithQuestion(ILogger logger, string question, bool answered, double? score, double confidence);

    [LoggerMessage(2602, LogLevel.Warning, "The token re-ranker failed ({Error}); such questions are ranked lexically.")]
    public static partial void RerankerFailed(ILogger logger, string error);

    [LoggerMessage(2603, LogLevel.Debug, "No token vectors for this question ({Error}); ranking lexically.")]
    public static partial void NoTokenVectors(ILogger logger, string error);

    [LoggerMessage(2604, LogLevel.Debug, "No sentence vectors for this question ({Error}); ranking lexically.")]
    public static partial void NoSentenceVectors(ILogger logger, string error);

    /// <summary>That a spelling correction answered, at Debug; the question and its correction only when Trace is on.</summary>
    public static void SpellingCorrected(ILogger logger, string question, string corrected)
    {
        if (logger.IsEnabled(LogLevel.Trace)) SpellingCorrectedWithQuestion(logger, question, corrected);
        else SpellingCorrectedWithoutQuestion(logger);
    }

    [LoggerMessage(2605, LogLevel.Debug, "Asked the question again with its spelling corrected: answered.")]
    private static partial void SpellingCorrectedWithoutQuestion(ILogger logger);

    [LoggerMessage(2606, LogLevel.Trace, "Asked {Question} again as {Corrected}: answered.")]
    private static partial void SpellingCorrectedWithQuestion(ILogger logger, string question, string corrected);
}
