using Bot.Core.Answering;
using Bot.Core.Chunking;
using Bot.Core.Conversations;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bot.Discord.Postgres;

/// <summary>
/// Conversation turns in PostgreSQL (<c>Bot:Conversations:Provider=postgres</c>), so a channel's follow-up reads the same
/// history whichever process answers it. Same bounds as the in-memory store: <c>MaxTurns</c>, <c>MaxTokens</c> (older turns
/// dropped first) and <c>ExpireAfterMinutes</c> since the conversation's last turn.
/// </summary>
public sealed class PostgresConversationStore(DiscordPostgres db, IOptions<ConversationOptions> options) : IConversationStore
{
    private readonly ConversationOptions _options = options?.Value ?? throw new ArgumentNullException(nameof(options));

    public async Task<IReadOnlyList<ChatTurn>> RecentAsync(string conversationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("""
            SELECT question, answer FROM discord_conversation_turns
            WHERE conversation = @c AND (SELECT max(at) FROM discord_conversation_turns WHERE conversation = @c) > now() - make_interval(mins => @expire)
            ORDER BY id DESC LIMIT @turns
            """, c);
        cmd.Parameters.AddWithValue("c", conversationId);
        cmd.Parameters.AddWithValue("expire", _options.ExpireAfterMinutes);
        cmd.Parameters.AddWithValue("turns", _options.MaxTurns);
        var turns = new List<ChatTurn>();
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) turns.Add(new ChatTurn(reader.GetString(0), reader.GetString(1)));
        turns.Reverse();
        ConversationWindow.Trim(turns, _options.MaxTokens);
        return turns;
    }

    public async Task AppendAsync(string conversationId, ChatTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        ArgumentNullException.ThrowIfNull(turn);
        turn = ConversationWindow.Fit(turn, _options.MaxTokens);
        await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("""
            DELETE FROM discord_conversation_turns WHERE conversation = @c
                AND (SELECT max(at) FROM discord_conversation_turns WHERE conversation = @c) <= now() - make_interval(mins => @expire);
            INSERT INTO discord_conversation_turns (conversation, question, answer) VALUES (@c, @q, @a);
            DELETE FROM discord_conversation_turns WHERE conversation = @c AND id NOT IN
                (SELECT id FROM discord_conversation_turns WHERE conversation = @c ORDER BY id DESC LIMIT @turns);
            DELETE FROM discord_conversation_turns WHERE at < now() - make_interval(mins => @expire) AND random() < 0.01;
            """, c);
        cmd.Parameters.AddWithValue("c", conversationId);
        cmd.Parameters.AddWithValue("q", turn.Question);
        cmd.Parameters.AddWithValue("a", turn.AnswerText);
        cmd.Parameters.AddWithValue("expire", _options.ExpireAfterMinutes);
        cmd.Parameters.AddWithValue("turns", _options.MaxTurns);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task ResetAsync(string conversationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("DELETE FROM discord_conversation_turns WHERE conversation = @c", c);
        cmd.Parameters.AddWithValue("c", conversationId);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
