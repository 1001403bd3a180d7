using Bot.Core.Answering;

namespace Bot.Core.Llm;

/// <summary>
/// An answerer that also reports what it read: the LLM answerer wraps one, because the model must be shown the same
/// passages the inner answer was drawn from, and its quotes are verified against exactly those.
/// </summary>
public interface ITracingAnswerer : IAnswerer
{
    /// <exception cref="InvalidQuestionException">The question is empty or too long.</exception>
    Task<AnswerTrace> AskWithTraceAsync(AskRequest request, CancellationToken cancellationToken);
}
