namespace Bot.Core.Indexing;

/// <summary>Another process holds the index writer lock.</summary>
public sealed class IndexBusyException : Exception
{
    public IndexBusyException() { }
    public IndexBusyException(string message) : base(message) { }
    public IndexBusyException(string message, Exception inner) : base(message, inner) { }
}
