namespace Bot.Core.Indexing;

/// <summary>
/// The shared index was built by a newer bot (a higher schema version). Rebuilding it would wipe the index the newer
/// processes use, and they would rebuild it back: this process refuses instead and must be upgraded.
/// </summary>
public sealed class IndexSchemaTooNewException : Exception
{
    public IndexSchemaTooNewException() { }
    public IndexSchemaTooNewException(string message) : base(message) { }
    public IndexSchemaTooNewException(string message, Exception inner) : base(message, inner) { }
}
