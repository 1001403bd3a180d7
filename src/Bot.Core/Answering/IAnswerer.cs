namespace Bot.Core.Answering;

/// <summary>Answers a question from the index. Implementations never throw for "not found".</summary>
public interface IAnswerer
{
    /// <exception cref="InvalidQuestionException">The question is empty or too long.</exception>
    Task<Answer> AskAsync(AskRequest request, CancellationToken cancellationToken);
}
