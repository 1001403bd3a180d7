using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Bot.Core.Indexing.Postgres;

/// <summary>The PostgreSQL store's command helpers (over <see cref="AdoCommands"/>), with typed array parameters.</summary>
internal static class PostgresCommands
{
    private static readonly Func<string, object, DbParameter> ParameterFactory = Parameter;

    public static NpgsqlCommand Command(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, params (string Name, object Value)[] args) =>
        (NpgsqlCommand)AdoCommands.Create(c, tx, sql, ParameterFactory, args);

    public static Task ExecAsync(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string Name, object Value)[] args) =>
        AdoCommands.ExecAsync(c, tx, sql, ParameterFactory, ct, args);

    public static Task<object?> ScalarAsync(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string Name, object Value)[] args) =>
        AdoCommands.ScalarAsync(c, tx, sql, ParameterFactory, ct, args);

    // Why explicit types for arrays and text: unnest() needs typed arrays, and an untyped empty array would not infer.
    private static NpgsqlParameter Parameter(string name, object value) => value switch
    {
        string[] a => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = a },
        int[] a => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = a },
        byte[][] a => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = a },
        string s => new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = s },
        _ => new NpgsqlParameter(name, value),
    };
}
