using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Bot.Core.Indexing;

/// <summary>The SQLite store's command and transaction helpers (over <see cref="AdoCommands"/>).</summary>
internal static class SqliteCommands
{
    private static readonly Func<string, object, DbParameter> Parameter = (name, value) => new SqliteParameter(name, value);

    public static SqliteCommand Command(SqliteConnection c, SqliteTransaction? tx, string sql, params (string, object)[] args) =>
        (SqliteCommand)AdoCommands.Create(c, tx, sql, Parameter, args);

    public static Task ExecAsync(SqliteConnection c, string sql, CancellationToken ct, SqliteTransaction? tx = null, params (string, object)[] args) =>
        AdoCommands.ExecAsync(c, tx, sql, Parameter, ct, args);

    public static Task<object?> ScalarAsync(SqliteConnection c, string sql, CancellationToken ct, SqliteTransaction? tx = null,
        params (string, object)[] args) =>
        AdoCommands.ScalarAsync(c, tx, sql, Parameter, ct, args);

    /// <summary>As <see cref="ScalarAsync(SqliteConnection, string, CancellationToken, SqliteTransaction?, (string, object)[])"/>, null when a table is missing (a new or foreign file).</summary>
    public static async Task<object?> ScalarOrNullWithoutTableAsync(SqliteConnection c, string sql, CancellationToken ct, SqliteTransaction? tx = null)
    {
        try { return await ScalarAsync(c, sql, ct, tx).ConfigureAwait(false); }
        catch (SqliteException e) when (e.Message.Contains("no such table", StringComparison.Ordinal)) { return null; }
    }

    public static async Task<bool> TableExistsAsync(SqliteConnection c, string name, CancellationToken ct, SqliteTransaction? tx = null) =>
        await ScalarAsync(c, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=$n", ct, tx, ("$n", name)).ConfigureAwait(false) is not null;

    /// <summary>Named parameters without values, for a command run once per row.</summary>
    public static SqliteParameter[] Params(SqliteCommand cmd, params string[] names) =>
        names.Select(n => cmd.Parameters.Add(new SqliteParameter(n, null))).ToArray();

    /// <summary>
    /// BEGIN IMMEDIATE: takes SQLite's write lock up front, so a write never fails half-way on a lock upgrade (readers
    /// keep reading their WAL snapshot meanwhile).
    /// </summary>
    public static SqliteTransaction BeginWrite(SqliteConnection c) => c.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false);

    /// <summary>
    /// A write transaction that may change passages or vectors: it bumps <c>meta.generation</c> inside the same
    /// transaction, so readers learn in O(1) whether anything changed (the hybrid retriever keeps its in-memory vector
    /// index until then) — and a rolled-back write bumps nothing.
    /// </summary>
    public static Task BumpGenerationAsync(SqliteConnection c, SqliteTransaction tx, CancellationToken ct) =>
        ExecAsync(c, "INSERT INTO meta(key, value) VALUES ('generation', '1') ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1", ct, tx);

    public static async Task<SqliteTransaction> BeginDataWriteAsync(SqliteConnection c, CancellationToken ct)
    {
        var tx = BeginWrite(c);
        try
        {
            await BumpGenerationAsync(c, tx, ct).ConfigureAwait(false);
            return tx;
        }
        catch
        {
            await tx.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
