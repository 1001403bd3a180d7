namespace Bot.Core.Answering;

/// <summary>
/// An answerer that also reports what it read: the LLM answerer wraps one, because the model must be shown the same
/// passages the inner answer was drawn from, and its quotes are verified against exactly those.
/// </summary>
public interface ITracingAnswerer : IAnswerer
{
    /// <summary>
    /// Answers a question the caller has already checked with <see cref="Pipeline.QuestionValidator"/> (trimmed, within
    /// the limits): this path does not validate again, so a question is validated once however many answerers it passes.
    /// </summary>
    Task<AnswerTrace> AskValidatedWithTraceAsync(AskRequest request, CancellationToken cancellationToken);
}
