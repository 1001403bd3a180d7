using Npgsql;

namespace Bot.Discord.Postgres;

/// <summary>
/// The PostgreSQL tables several <c>bot discord</c> processes share (with <c>Bot:Index:Provider=postgres</c>, in the
/// index's database): shard leases, live processes, shard sessions, identify turns, question rates, events taken up and done (by whom) and (with
/// <c>Bot:Conversations:Provider=postgres</c>) conversation turns. Created on first use.
/// </summary>
public sealed class DiscordPostgres(string connectionString) : IAsyncDisposable
{
    private const string Schema = """
        SELECT pg_advisory_xact_lock(7316001);
        CREATE TABLE IF NOT EXISTS discord_shard_leases (shard_count int NOT NULL, shard_id int NOT NULL, holder text NOT NULL,
            expires_at timestamptz NOT NULL, PRIMARY KEY (shard_count, shard_id));
        CREATE TABLE IF NOT EXISTS discord_processes (holder text PRIMARY KEY, seen_at timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS discord_sessions (shard_count int NOT NULL, shard_id int NOT NULL, session_id text NOT NULL, seq int NOT NULL,
            resume_url text NOT NULL, saved_at timestamptz NOT NULL, PRIMARY KEY (shard_count, shard_id));
        CREATE TABLE IF NOT EXISTS discord_identify_turns (max_concurrency int NOT NULL, bucket int NOT NULL, holder text NOT NULL,
            next_at timestamptz NOT NULL, PRIMARY KEY (max_concurrency, bucket));
        CREATE TABLE IF NOT EXISTS discord_question_asks (subject text NOT NULL, at timestamptz NOT NULL DEFAULT now());
        CREATE INDEX IF NOT EXISTS discord_question_asks_by_subject ON discord_question_asks (subject, at);
        CREATE TABLE IF NOT EXISTS discord_question_mutes (subject text PRIMARY KEY, until timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS discord_answered (id text PRIMARY KEY, answered_at timestamptz NOT NULL DEFAULT now());
        ALTER TABLE discord_answered ADD COLUMN IF NOT EXISTS holder text;
        ALTER TABLE discord_answered ADD COLUMN IF NOT EXISTS done boolean NOT NULL DEFAULT true;
        CREATE TABLE IF NOT EXISTS discord_conversation_turns (id bigserial PRIMARY KEY, conversation text NOT NULL, question text NOT NULL,
            answer text NOT NULL, at timestamptz NOT NULL DEFAULT now());
        CREATE INDEX IF NOT EXISTS discord_conversation_turns_by_conversation ON discord_conversation_turns (conversation, id);
        """;

    /// <summary>This process's name in the shared tables (shard leases, live processes, events taken up).</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);
    private readonly SemaphoreSlim _created = new(1, 1);
    private volatile bool _ready;

    /// <summary>An open connection, the tables created.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        if (!_ready)
        {
            await _created.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                if (!_ready)
                {
                    await using var c = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
                    await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
                    await using (var cmd = new NpgsqlCommand(Schema, c, tx)) await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    await tx.CommitAsync(ct).ConfigureAwait(false);
                    _ready = true;
                }
            }
            finally
            {
                _created.Release();
            }
        }
        return await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
