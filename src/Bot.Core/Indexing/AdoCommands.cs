using System.Data.Common;

namespace Bot.Core.Indexing;

/// <summary>
/// The ADO.NET command helpers both stores share. Only how a value becomes a parameter differs between providers
/// (PostgreSQL needs typed arrays), so each store passes its own parameter factory.
/// </summary>
internal static class AdoCommands
{
    /// <summary>A command on <paramref name="c"/> in <paramref name="tx"/> with one parameter per argument.</summary>
    public static DbCommand Create(DbConnection c, DbTransaction? tx, string sql, Func<string, object, DbParameter> parameter,
        IEnumerable<(string Name, object Value)> args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (n, v) in args) cmd.Parameters.Add(parameter(n, v));
        return cmd;
    }

    public static async Task ExecAsync(DbConnection c, DbTransaction? tx, string sql, Func<string, object, DbParameter> parameter,
        CancellationToken ct, IEnumerable<(string Name, object Value)> args)
    {
        await using var cmd = Create(c, tx, sql, parameter, args);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The first column of the first row; null for no row or SQL NULL.</summary>
    public static async Task<object?> ScalarAsync(DbConnection c, DbTransaction? tx, string sql, Func<string, object, DbParameter> parameter,
        CancellationToken ct, IEnumerable<(string Name, object Value)> args)
    {
        await using var cmd = Create(c, tx, sql, parameter, args);
        var result = await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return result is DBNull ? null : result;
    }

    /// <summary>Every row of <paramref name="cmd"/>, mapped by <paramref name="read"/>.</summary>
    public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(DbCommand cmd, Func<DbDataReader, T> read, CancellationToken ct)
    {
        var list = new List<T>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) list.Add(read(r));
        return list;
    }
}
