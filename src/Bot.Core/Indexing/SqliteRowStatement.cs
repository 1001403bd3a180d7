using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Bot.Core.Indexing;

/// <summary>
/// A statement (an insert, or a lookup of one integer) run once per row on the writing connection (inside its open transaction), prepared once and bound by
/// position through SQLite's own API. A <see cref="SqliteCommand"/> looks each parameter up by name on every execution
/// (a UTF-8 copy of the name and a native call), allocates a binder per value and boxes every number, and creates a
/// data reader per execution: for the ~450k passage and sentence rows of a 100k index that was a large part of the
/// writer's CPU and of the garbage. Values are stored exactly as a command stores them: integers with
/// <c>sqlite3_bind_int64</c>, text as its UTF-8 bytes from <see cref="Encoding.UTF8"/> (lone surrogates replaced, as the
/// command's own conversion does). Not thread-safe; dispose before the connection closes.
/// </summary>
internal sealed class SqliteRowStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private byte[] _utf8 = new byte[4096];

    public SqliteRowStatement(SqliteConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        int rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    /// <summary>Binds an integer to the 1-based parameter <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    /// <summary>Binds a text, or NULL for null, to the 1-based parameter <paramref name="index"/>.</summary>
    public void Bind(int index, string? value)
    {
        if (value is null) Check(raw.sqlite3_bind_null(_statement, index));
        else Bind(index, value.AsSpan());
    }

    /// <summary>Binds a text (its UTF-8 bytes; SQLite copies them) to the 1-based parameter <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Bind(int index, ReadOnlySpan<char> value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max > _utf8.Length) _utf8 = new byte[(int)Math.Min(Array.MaxLength, (long)max * 2)];
        BindUtf8(index, _utf8.AsSpan(0, Encoding.UTF8.GetBytes(value, _utf8)));
    }

    /// <summary>Binds text given as UTF-8 bytes (SQLite copies them) to the 1-based parameter <paramref name="index"/>.</summary>
    public void BindUtf8(int index, ReadOnlySpan<byte> utf8) =>
        // An empty span would pin as a null pointer, which SQLite binds as NULL: '' goes through the string overload.
        Check(utf8.IsEmpty ? raw.sqlite3_bind_text(_statement, index, string.Empty) : raw.sqlite3_bind_text(_statement, index, utf8));

    /// <summary>Binds a blob (SQLite copies it) to the 1-based parameter <paramref name="index"/>.</summary>
    public void BindBlob(int index, ReadOnlySpan<byte> blob) =>
        Check(blob.IsEmpty ? raw.sqlite3_bind_zeroblob(_statement, index, 0) : raw.sqlite3_bind_blob(_statement, index, blob));

    /// <summary>Runs the insert once with the values bound, then resets it for the next row (the bindings stay).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute()
    {
        int rc = raw.sqlite3_step(_statement);
        if (rc != raw.SQLITE_DONE)
        {
            raw.sqlite3_reset(_statement);
            SqliteException.ThrowExceptionForRC(rc == raw.SQLITE_ROW ? raw.SQLITE_MISUSE : rc, _db);
        }
        Check(raw.sqlite3_reset(_statement));
    }

    /// <summary>
    /// Runs the statement with the values bound and returns its first row's first column as an integer (null when it
    /// returns no row or NULL), stepping it to its end (an <c>INSERT … RETURNING</c> completes), then resets it.
    /// </summary>
    public long? ExecuteInt64()
    {
        long? value = null;
        int rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            if (raw.sqlite3_column_type(_statement, 0) != raw.SQLITE_NULL) value = raw.sqlite3_column_int64(_statement, 0);
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW) { }
        }
        if (rc != raw.SQLITE_DONE)
        {
            raw.sqlite3_reset(_statement);
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
        Check(raw.sqlite3_reset(_statement));
        return value;
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Dispose() => _statement.Dispose();
}
