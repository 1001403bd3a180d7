using Bot.Core.Indexing;
using Microsoft.Data.Sqlite;

namespace Bot.FaultHost;

/// <summary>Throws the SQLite error of <see cref="FailAt"/> the n-th time the stores reach its point (inside the write's transaction for in-upsert).</summary>
public sealed class FailingFaultPoints(FailAt failAt) : IIndexFaultPoints
{
    private int _seen;

    public void Reached(IndexFaultPoint point)
    {
        if (point != failAt.Point || Interlocked.Increment(ref _seen) != failAt.Count) return;
        var message = failAt.SqliteErrorCode switch
        {
            13 => "SQLite Error 13: 'database or disk is full'.",
            8 => "SQLite Error 8: 'attempt to write a readonly database'.",
            5 => "SQLite Error 5: 'database is locked'.",
            var code => $"SQLite Error {code}: 'injected fault'.",
        };
        throw new SqliteException(message, failAt.SqliteErrorCode);
    }
}
