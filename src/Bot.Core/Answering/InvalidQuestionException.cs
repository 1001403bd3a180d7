namespace Bot.Core.Answering;

/// <summary>Raised for questions that cannot be asked (empty, too long); the message is user-facing.</summary>
public sealed class InvalidQuestionException : Exception
{
    public InvalidQuestionException() { }
    public InvalidQuestionException(string message) : base(message) { }
    public InvalidQuestionException(string message, Exception inner) : base(message, inner) { }
}
