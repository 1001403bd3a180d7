using System.Diagnostics;
using System.Globalization;
using Bot.Discord.Rest;
using Bot.Discord.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Bot;

/// <summary>
/// Answers mentions and DMs as replies, showing "typing…" while the answer is worked out. Ignores its own and other bots'
/// messages, webhooks and system messages.
/// </summary>
public sealed class MessageHandler
{
    private const string Via = "message";
    private const string Usage = "Ask me a question about the sources: mention me with it, send it in a DM, or use /ask.";
    private readonly DiscordRestClient _rest;
    private readonly ChannelAnswerer _answers;
    private readonly TypingIndicator _typing;
    private readonly QuestionAdmission _admission;
    private readonly ILogger<MessageHandler> _logger;
    private readonly AnswerFeedback? _feedback;

    public MessageHandler(DiscordRestClient rest, ChannelAnswerer answers, QuestionAdmission admission, IOptions<DiscordOptions> options, ILogger<MessageHandler> logger,
        AnswerFeedback? feedback = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _rest = rest;
        _answers = answers;
        _admission = admission;
        _logger = logger;
        _feedback = feedback;
        _typing = new TypingIndicator(rest, options.Value.TypingInterval, logger);
    }

    /// <summary>
    /// The nonce of the <paramref name="part"/>-th reply to message <paramref name="questionId"/> (at most 25 characters).
    /// Sent with <c>enforce_nonce</c>, so Discord creates it once however often it is sent within a few minutes: a
    /// process that answers again a question whose answer a dead process had sent but not recorded as done returns the
    /// message already there instead of a second one.
    /// </summary>
    internal static string ReplyNonce(ulong questionId, int part) =>
        part == 0 ? questionId.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{questionId}.{part}");

    /// <summary>True for a message the bot should answer: a user's DM or a user's message mentioning it.</summary>
    internal static bool ShouldAnswer(DiscordMessage m, ulong self)
    {
        // Why: Discord echoes our own messages; answering bots or webhooks risks reply loops.
        if (m.AuthorId == self || m.AuthorIsBot || m.FromWebhook) return false;
        if (m.Type is not (0 or 19)) return false;
        return m.IsDirect || (self != 0 && m.Mentions(self));
    }

    /// <summary>
    /// Replies to <paramref name="m"/> with the answer (or a usage hint when it holds no question), unless the channel
    /// refused the bot recently or the asker is over a limit (one polite reply, then silence); "typing…" shows only once
    /// an answer slot is taken.
    /// </summary>
    internal async Task AnswerAsync(DiscordMessage m, ulong self, CancellationToken ct)
    {
        if (_rest.IsChannelForbidden(m.ChannelId))
        {
            Log.SkippedForbiddenChannel(_logger, m.ChannelId);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        var reference = new MessageReference(m.Id.ToString(CultureInfo.InvariantCulture));
        var (verdict, refusal, place) = await _admission.AdmitAsync(m.AuthorId, m.ChannelId, ct).ConfigureAwait(false);
        switch (verdict)
        {
            case AdmissionVerdict.Busy or AdmissionVerdict.Limited:
                _answers.CountRefused(verdict == AdmissionVerdict.Busy ? QuestionOutcome.Busy : QuestionOutcome.Limited, Via);
                await _rest.CreateMessageAsync(m.ChannelId, OutgoingMessage.Text(refusal!, reference) with { Nonce = ReplyNonce(m.Id, 0), EnforceNonce = true }, ct)
                    .ConfigureAwait(false);
                return;
            case AdmissionVerdict.Ignored:
                _answers.CountRefused(QuestionOutcome.Limited, Via);
                return;
        }
        using (place)
        {
            using var span = DiscordTracing.Source.StartActivity("question", ActivityKind.Consumer);
            span?.SetTag("discord.via", Via).SetTag("discord.channel_id", m.ChannelId.ToString(CultureInfo.InvariantCulture)).SetTag("discord.direct", m.IsDirect);
            var question = m.QuestionFor(self);
            ChannelReply reply;
            TypingIndicator.Scope? typing = null;
            try
            {
                reply = question.Length == 0
                    ? new ChannelReply([Usage], null)
                    : await _answers.ReplyAsync(question, m.ChannelId, ct, () => typing = _rest.NonEssentialAllowed ? _typing.Begin(m.ChannelId, ct) : null).ConfigureAwait(false);
                // Never hold an answer long for the indicator (a rate-limited typing route can wait seconds).
                if (typing is not null) await Task.WhenAny(typing.FirstSent, Task.Delay(TimeSpan.FromSeconds(2), ct)).ConfigureAwait(false);
            }
            finally
            {
                typing?.Dispose();
            }
            var replies = reply.Messages;
            var sent = new List<ulong>();
            using (var send = DiscordTracing.Source.StartActivity("send"))
            {
                send?.SetTag("discord.messages", replies.Count);
                try
                {
                    for (var i = 0; i < replies.Count; i++)
                        sent.Add((await _rest.CreateMessageAsync(m.ChannelId,
                            OutgoingMessage.Text(replies[i], i == 0 ? reference : null) with { Nonce = ReplyNonce(m.Id, i), EnforceNonce = true }, ct).ConfigureAwait(false)).MessageId());
                }
                catch (DiscordApiException e)
                {
                    send?.SetStatus(ActivityStatusCode.Error, e.Message);
                    span?.SetTag("bot.outcome", "failed");
                    _answers.CountFailed(Via, started);
                    throw;
                }
            }
            span?.SetTag("bot.outcome", reply.Outcome.ToString().ToLowerInvariant());
            _answers.CountAnswered(reply, Via, started);
            await _answers.RememberAsync(question, m.ChannelId, reply, ct).ConfigureAwait(false);
            if (_feedback is not null) await _feedback.AttachAsync(reply, m.AuthorId, m.ChannelId, sent, ct).ConfigureAwait(false);
        }
    }
}
