using Bot.Core.Answering;

namespace Bot.Core.Llm;

/// <summary>
/// The extractive answerer seen as an <see cref="ITracingAnswerer"/>, so the LLM answerer depends on the interface only.
/// (An adapter rather than an interface on <see cref="ExtractiveAnswerer"/> itself, which another change is splitting.)
/// </summary>
public sealed class ExtractiveTracingAnswerer(ExtractiveAnswerer extractive) : ITracingAnswerer
{
    public Task<Answer> AskAsync(AskRequest request, CancellationToken cancellationToken) => extractive.AskAsync(request, cancellationToken);

    public Task<AnswerTrace> AskWithTraceAsync(AskRequest request, CancellationToken cancellationToken) => extractive.AskWithTraceAsync(request, cancellationToken);
}
