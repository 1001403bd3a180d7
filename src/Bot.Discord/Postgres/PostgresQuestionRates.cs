using Bot.Discord.Bot;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bot.Discord.Postgres;

/// <summary>
/// Per-user and per-channel question rates in PostgreSQL, shared by every process: each allowed question adds a row per
/// subject (<c>discord_question_asks</c>, rows older than a minute deleted as they are read, so the table holds at most a
/// minute of questions), and going over a rate mutes the subject (<c>discord_question_mutes</c>, expired rows deleted).
/// One transaction per question, under transaction-scoped advisory locks on the user and then the channel, so two
/// processes never both admit the question that goes over.
/// </summary>
public sealed class PostgresQuestionRates(DiscordPostgres db, IOptions<DiscordOptions> options) : IQuestionRates
{
    private const int LockClass = 7316002;
    private readonly DiscordOptions _options = options?.Value ?? throw new ArgumentNullException(nameof(options));
    private long _checks;

    public async Task<QuestionRate> CheckAsync(ulong userId, ulong channelId, CancellationToken cancellationToken)
    {
        var user = "u" + userId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var channel = "c" + channelId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long muted, byUser, byChannel;
        // One round trip: the locks, the prune and the read go as one batch; each statement sees what was committed before
        // it began, so the read sees every question admitted under the locks before.
        await using (var read = new NpgsqlCommand("""
            SELECT pg_advisory_xact_lock(@class, hashtext(@u));
            SELECT pg_advisory_xact_lock(@class, hashtext(@c));
            DELETE FROM discord_question_asks WHERE subject IN (@u, @c) AND at <= now() - interval '1 minute';
            SELECT (SELECT count(*) FROM discord_question_mutes WHERE subject IN (@u, @c) AND until > now()),
                   (SELECT count(*) FROM discord_question_asks WHERE subject = @u),
                   (SELECT count(*) FROM discord_question_asks WHERE subject = @c);
            """, c, tx))
        {
            read.Parameters.AddWithValue("class", LockClass);
            read.Parameters.AddWithValue("u", user);
            read.Parameters.AddWithValue("c", channel);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var counts = reader.FieldCount == 3; // past the locks' rows to the counts
            while (!counts && await reader.NextResultAsync(cancellationToken).ConfigureAwait(false)) counts = reader.FieldCount == 3;
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            (muted, byUser, byChannel) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }
        var verdict = muted > 0 ? QuestionRate.Muted
            : byUser >= _options.UserQuestionsPerMinute ? QuestionRate.UserOver
            : byChannel >= _options.ChannelQuestionsPerMinute ? QuestionRate.ChannelOver
            : QuestionRate.Allowed;
        var write = verdict switch
        {
            QuestionRate.Allowed => "INSERT INTO discord_question_asks (subject) VALUES (@u), (@c);",
            QuestionRate.UserOver or QuestionRate.ChannelOver => """
                INSERT INTO discord_question_mutes (subject, until) VALUES (@s, now() + make_interval(secs => @mute))
                ON CONFLICT (subject) DO UPDATE SET until = excluded.until;
                """,
            _ => "",
        };
        // Why now and then: subjects never asked again keep their last minute of rows and their expired mute otherwise.
        if (Interlocked.Increment(ref _checks) % 500 == 0)
            write += """
                DELETE FROM discord_question_asks WHERE at <= now() - interval '1 minute';
                DELETE FROM discord_question_mutes WHERE until <= now();
                """;
        if (write.Length > 0)
        {
            await using var cmd = new NpgsqlCommand(write, c, tx);
            cmd.Parameters.AddWithValue("u", user);
            cmd.Parameters.AddWithValue("c", channel);
            cmd.Parameters.AddWithValue("s", verdict == QuestionRate.ChannelOver ? channel : user);
            cmd.Parameters.AddWithValue("mute", _options.FloodMute.TotalSeconds);
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return verdict;
    }
}
