using System.Globalization;
using Npgsql;

namespace Bot.Core.Indexing.Postgres;

/// <summary>
/// One writer at a time for all bot processes sharing the database: a session-level advisory lock held on a connection
/// of its own for the whole indexing run. The server releases it when that session ends, so a killed indexer never
/// leaves a stale lock behind.
/// </summary>
public sealed class PostgresAdvisoryLock : IIndexWriteLock
{
    /// <summary>"bot_wlck": advisory lock keys are per database, so one key serves every index database.</summary>
    public const long LockKey = 0x626F_745F_776C_636B;

    private const string ApplicationPrefix = "bot indexer pid ";

    private readonly string _connectionString;
    private readonly string _description;

    public PostgresAdvisoryLock(PostgresIndexStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        // Unpooled: closing the connection ends the session, which is what releases a session-level lock; the
        // application name tells other processes which pid holds it.
        _connectionString = new NpgsqlConnectionStringBuilder(store.ConnectionString)
        {
            Pooling = false,
            ApplicationName = ApplicationPrefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        }.ConnectionString;
        _description = store.Description;
    }

    public async Task<IAsyncDisposable?> TryAcquireAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = wait == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + wait;
        var c = new NpgsqlConnection(_connectionString);
        try
        {
            await c.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var cmd = new NpgsqlCommand("SELECT pg_try_advisory_lock(@k)", c);
            cmd.Parameters.AddWithValue("k", LockKey);
            // Polling rather than pg_advisory_lock: the wait stays bounded and cancellable like the lock file's.
            while (!(bool)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                if (DateTime.UtcNow >= deadline)
                {
                    await c.DisposeAsync().ConfigureAwait(false);
                    return null;
                }
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
            return new Held(c);
        }
        catch
        {
            await c.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<string> BusyMessageAsync(CancellationToken cancellationToken)
    {
        string? holder = null;
        try
        {
            await using var c = new NpgsqlConnection(_connectionString);
            await c.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var cmd = new NpgsqlCommand("""
                SELECT a.application_name, a.client_addr::text FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND ((l.classid::bigint << 32) | l.objid::bigint) = @k
                LIMIT 1
                """, c);
            cmd.Parameters.AddWithValue("k", LockKey);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await r.ReadAsync(cancellationToken).ConfigureAwait(false) && !r.IsDBNull(0))
            {
                var app = r.GetString(0);
                var host = r.IsDBNull(1) ? null : r.GetString(1);
                holder = app.StartsWith(ApplicationPrefix, StringComparison.Ordinal)
                    ? $"pid {app[ApplicationPrefix.Length..]}{(host is null ? "" : " on " + host)}"
                    : null;
            }
        }
        catch (NpgsqlException)
        {
            // The message is best effort: the lock itself already said "busy".
        }
        return $"another process{(holder is null ? "" : $" ({holder})")} is indexing {_description}; run again when it finishes, or pass --wait to wait for it";
    }

    private sealed class Held(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var cmd = new NpgsqlCommand("SELECT pg_advisory_unlock(@k)", connection);
                cmd.Parameters.AddWithValue("k", LockKey);
                await cmd.ExecuteScalarAsync().ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // Closing the session below releases it anyway.
            }
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
