using Bot.Core.Indexing;
using Bot.Core.Indexing.Postgres;
using Npgsql;
using static Bot.Core.Feedback.FeedbackRows;

namespace Bot.Core.Feedback;

/// <summary>
/// The question log in PostgreSQL, in a schema of its own (<see cref="SchemaName"/>), so an index rebuild (which drops
/// <see cref="PostgresIndexStore.SchemaName"/> whole) leaves it alone. Created on first write.
/// </summary>
public sealed class PostgresFeedbackStore : IFeedbackStore, IAsyncDisposable, IDisposable
{
    public const string SchemaName = "bot_feedback";

    // Why a transaction-level advisory lock: CREATE … IF NOT EXISTS from two processes at once can still collide.
    private const long CreateLockKey = 0x626F_745F_6662_6B31; // "bot_fbk1"

    private const string Schema = $"""
        CREATE SCHEMA IF NOT EXISTS {SchemaName};
        CREATE TABLE IF NOT EXISTS {SchemaName}.feedback_questions(
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at_ms bigint NOT NULL, front_end text NOT NULL, question text NOT NULL,
            answered int NOT NULL, document text, paragraph int, confidence double precision NOT NULL, asker text NOT NULL);
        CREATE INDEX IF NOT EXISTS feedback_questions_at ON {SchemaName}.feedback_questions(at_ms);
        CREATE TABLE IF NOT EXISTS {SchemaName}.feedback_ratings(
            question_id bigint NOT NULL REFERENCES {SchemaName}.feedback_questions(id) ON DELETE CASCADE, rater text NOT NULL,
            at_ms bigint NOT NULL, rating int NOT NULL, by_asker int NOT NULL, reason text, quotes text,
            PRIMARY KEY(question_id, rater));
        """;

    private readonly NpgsqlDataSource _dataSource;
    private volatile bool _created;

    public PostgresFeedbackStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = SchemaName };
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "bot";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public async Task<long> AddQuestionAsync(LoggedQuestion question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        await using var c = await OpenAsync(create: true, cancellationToken).ConfigureAwait(false);
        return (long)(await PostgresCommands.ScalarAsync(c!, null, """
            INSERT INTO feedback_questions(at_ms, front_end, question, answered, document, paragraph, confidence, asker)
            VALUES (@at, @fe, @q, @a, @d, @p, @c, @asker) RETURNING id
            """, cancellationToken,
            ("at", Millis(question.Time)), ("fe", question.FrontEnd), ("q", question.Question), ("a", question.Answered ? 1 : 0),
            ("d", (object?)question.Document ?? DBNull.Value), ("p", (object?)question.Paragraph ?? DBNull.Value),
            ("c", question.Confidence), ("asker", question.Asker)).ConfigureAwait(false))!;
    }

    public async Task<bool> RateAsync(StoredRating rating, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rating);
        await using var c = await OpenAsync(create: true, cancellationToken).ConfigureAwait(false);
        await using var cmd = PostgresCommands.Command(c!, null, """
            INSERT INTO feedback_ratings(question_id, rater, at_ms, rating, by_asker, reason, quotes)
            SELECT @q, @r, @at, @v, @b, @reason, @quotes WHERE EXISTS (SELECT 1 FROM feedback_questions WHERE id = @q)
            ON CONFLICT(question_id, rater) DO UPDATE SET at_ms = excluded.at_ms, rating = excluded.rating,
                by_asker = excluded.by_asker, reason = excluded.reason, quotes = excluded.quotes
            """,
            ("q", rating.QuestionId), ("r", rating.Rater), ("at", Millis(rating.Time)), ("v", (int)rating.Rating), ("b", rating.ByAsker ? 1 : 0),
            ("reason", (object?)rating.Reason ?? DBNull.Value), ("quotes", QuotesToJson(rating.Quotes)));
        return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyList<LoggedQuestion>> ListQuestionsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(create: false, cancellationToken).ConfigureAwait(false);
        if (c is null) return [];
        await using var cmd = PostgresCommands.Command(c, null, $"SELECT {QuestionColumns} FROM feedback_questions WHERE at_ms >= @s ORDER BY at_ms, id", ("s", Millis(since)));
        return await AdoCommands.ReadAllAsync(cmd, ReadQuestion, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredRating>> ListRatingsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(create: false, cancellationToken).ConfigureAwait(false);
        if (c is null) return [];
        await using var cmd = PostgresCommands.Command(c, null, $"""
            SELECT {RatingColumns} FROM feedback_ratings
            WHERE question_id IN (SELECT id FROM feedback_questions WHERE at_ms >= @s) ORDER BY at_ms
            """, ("s", Millis(since)));
        return await AdoCommands.ReadAllAsync(cmd, ReadRating, cancellationToken).ConfigureAwait(false);
    }

    public Task<int> PurgeBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        DeleteAsync("WHERE at_ms < @s", [("s", Millis(cutoff))], cancellationToken);

    public Task<int> PurgeAllAsync(CancellationToken cancellationToken) => DeleteAsync("", [], cancellationToken);

    private async Task<int> DeleteAsync(string where, (string, object)[] args, CancellationToken ct)
    {
        await using var c = await OpenAsync(create: false, ct).ConfigureAwait(false);
        if (c is null) return 0;
        // The ratings go with their questions (ON DELETE CASCADE).
        await using var cmd = PostgresCommands.Command(c, null, $"DELETE FROM feedback_questions {where}", args);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private async Task<NpgsqlConnection?> OpenAsync(bool create, CancellationToken ct)
    {
        var c = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        try
        {
            if (!_created)
            {
                if (create)
                {
                    await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
                    await PostgresCommands.ExecAsync(c, tx, "SELECT pg_advisory_xact_lock(@k)", ct, ("k", CreateLockKey)).ConfigureAwait(false);
                    await PostgresCommands.ExecAsync(c, tx, Schema, ct).ConfigureAwait(false);
                    await tx.CommitAsync(ct).ConfigureAwait(false);
                    _created = true;
                }
                else if (await PostgresCommands.ScalarAsync(c, null, "SELECT to_regclass(@t)::text", ct, ("t", SchemaName + ".feedback_questions")).ConfigureAwait(false) is null)
                {
                    await c.DisposeAsync().ConfigureAwait(false);
                    return null;
                }
            }
            return c;
        }
        catch
        {
            await c.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();
}
