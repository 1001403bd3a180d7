using Bot.Core.Indexing;
using Microsoft.Data.Sqlite;
using static Bot.Core.Feedback.FeedbackRows;

namespace Bot.Core.Feedback;

/// <summary>
/// The question log in the SQLite index file: tables <c>feedback_questions</c> and <c>feedback_ratings</c>, created on
/// first write. The index's schema rebuild drops only its own tables, so the log survives `bot index --full`.
/// </summary>
public sealed class SqliteFeedbackStore : IFeedbackStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS feedback_questions(
            id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, front_end TEXT NOT NULL, question TEXT NOT NULL,
            answered INTEGER NOT NULL, document TEXT, paragraph INTEGER, confidence REAL NOT NULL, asker TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS feedback_questions_at ON feedback_questions(at_ms);
        CREATE TABLE IF NOT EXISTS feedback_ratings(
            question_id INTEGER NOT NULL REFERENCES feedback_questions(id) ON DELETE CASCADE, rater TEXT NOT NULL,
            at_ms INTEGER NOT NULL, rating INTEGER NOT NULL, by_asker INTEGER NOT NULL, reason TEXT, quotes TEXT,
            PRIMARY KEY(question_id, rater));
        """;

    private readonly string _connectionString;
    private volatile bool _created;

    public SqliteFeedbackStore(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string DatabasePath { get; }

    public async Task<long> AddQuestionAsync(LoggedQuestion question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        await using var c = await OpenAsync(create: true, cancellationToken).ConfigureAwait(false);
        return (long)(await SqliteCommands.ScalarAsync(c!, """
            INSERT INTO feedback_questions(at_ms, front_end, question, answered, document, paragraph, confidence, asker)
            VALUES ($at, $fe, $q, $a, $d, $p, $c, $asker) RETURNING id
            """, cancellationToken, null,
            ("$at", Millis(question.Time)), ("$fe", question.FrontEnd), ("$q", question.Question), ("$a", question.Answered ? 1 : 0),
            ("$d", (object?)question.Document ?? DBNull.Value), ("$p", (object?)question.Paragraph ?? DBNull.Value),
            ("$c", question.Confidence), ("$asker", question.Asker)).ConfigureAwait(false))!;
    }

    public async Task<bool> RateAsync(StoredRating rating, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rating);
        await using var c = await OpenAsync(create: true, cancellationToken).ConfigureAwait(false);
        await using var cmd = SqliteCommands.Command(c!, null, """
            INSERT INTO feedback_ratings(question_id, rater, at_ms, rating, by_asker, reason, quotes)
            SELECT $q, $r, $at, $v, $b, $reason, $quotes WHERE EXISTS (SELECT 1 FROM feedback_questions WHERE id = $q)
            ON CONFLICT(question_id, rater) DO UPDATE SET at_ms = excluded.at_ms, rating = excluded.rating,
                by_asker = excluded.by_asker, reason = excluded.reason, quotes = excluded.quotes
            """,
            ("$q", rating.QuestionId), ("$r", rating.Rater), ("$at", Millis(rating.Time)), ("$v", (int)rating.Rating), ("$b", rating.ByAsker ? 1 : 0),
            ("$reason", (object?)rating.Reason ?? DBNull.Value), ("$quotes", QuotesToJson(rating.Quotes)));
        return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyList<LoggedQuestion>> ListQuestionsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(create: false, cancellationToken).ConfigureAwait(false);
        if (c is null) return [];
        await using var cmd = SqliteCommands.Command(c, null, $"SELECT {QuestionColumns} FROM feedback_questions WHERE at_ms >= $s ORDER BY at_ms, id", ("$s", Millis(since)));
        return await AdoCommands.ReadAllAsync(cmd, ReadQuestion, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredRating>> ListRatingsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(create: false, cancellationToken).ConfigureAwait(false);
        if (c is null) return [];
        await using var cmd = SqliteCommands.Command(c, null, $"""
            SELECT {RatingColumns} FROM feedback_ratings
            WHERE question_id IN (SELECT id FROM feedback_questions WHERE at_ms >= $s) ORDER BY at_ms
            """, ("$s", Millis(since)));
        return await AdoCommands.ReadAllAsync(cmd, ReadRating, cancellationToken).ConfigureAwait(false);
    }

    public Task<int> PurgeBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        DeleteAsync("at_ms < $s", ("$s", Millis(cutoff)), cancellationToken);

    public Task<int> PurgeAllAsync(CancellationToken cancellationToken) => DeleteAsync("1 = 1", null, cancellationToken);

    private async Task<int> DeleteAsync(string where, (string, object)? arg, CancellationToken ct)
    {
        await using var c = await OpenAsync(create: false, ct).ConfigureAwait(false);
        if (c is null) return 0;
        await using var tx = SqliteCommands.BeginWrite(c);
        (string, object)[] args = arg is { } a ? [a] : [];
        await SqliteCommands.ExecAsync(c, $"DELETE FROM feedback_ratings WHERE question_id IN (SELECT id FROM feedback_questions WHERE {where})", ct, tx, args).ConfigureAwait(false);
        await using var cmd = SqliteCommands.Command(c, tx, $"DELETE FROM feedback_questions WHERE {where}", args);
        var n = await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return n;
    }

    /// <summary>A connection with the tables present; null when reading and there is no file or no log yet (nothing is created then).</summary>
    private async Task<SqliteConnection?> OpenAsync(bool create, CancellationToken ct)
    {
        if (!create && !File.Exists(DatabasePath)) return null;
        if (create) Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        var c = new SqliteConnection(_connectionString);
        try
        {
            await c.OpenAsync(ct).ConfigureAwait(false);
            await SqliteCommands.ExecAsync(c, "PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;", ct).ConfigureAwait(false);
            if (!_created)
            {
                if (create)
                {
                    await SqliteCommands.ExecAsync(c, "PRAGMA journal_mode=WAL;", ct).ConfigureAwait(false);
                    await SqliteCommands.ExecAsync(c, Schema, ct).ConfigureAwait(false);
                    _created = true;
                }
                else if (!await SqliteCommands.TableExistsAsync(c, "feedback_questions", ct).ConfigureAwait(false))
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
}
