namespace Bot.Core.Documents;

/// <summary>A file that cannot be loaded; the message names the problem in one line.</summary>
public sealed class DocumentLoadException : Exception
{
    public DocumentLoadException() { }
    public DocumentLoadException(string message) : base(message) { }
    public DocumentLoadException(string message, Exception inner) : base(message, inner) { }
}
