namespace Bot.Core.Indexing;

/// <summary>A place in an index write where <see cref="IIndexFaultPoints"/> is told the write got that far.</summary>
public enum IndexFaultPoint
{
    /// <summary>After a document write (upsert, move, removal, alias) committed.</summary>
    AfterWrite,

    /// <summary>Inside a document upsert's transaction, everything written but not committed.</summary>
    InUpsert,

    /// <summary>After a batch of backfilled vectors committed.</summary>
    AfterVectors,
}
