namespace Bot.Core.Ingesting;

/// <summary>Something `bot add` refuses or cannot do; the message is one line naming the reason. Nothing was stored.</summary>
public sealed class IngestException : Exception
{
    public IngestException() { }
    public IngestException(string message) : base(message) { }
    public IngestException(string message, Exception inner) : base(message, inner) { }
}
