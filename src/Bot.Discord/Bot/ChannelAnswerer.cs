using System.Globalization;
using Bot.Core.Answering;
using Bot.Core.Conversations;
using Bot.Discord.Rendering;
using Bot.Discord.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Bot;

/// <summary>
/// Answers a question asked in a channel (by mention, DM or /ask) as Discord messages: at most
/// <see cref="DiscordOptions.MaxConcurrentAnswers"/> at once, with the channel's recent turns when a conversation store is
/// registered. A bad question or a failed answer becomes a message for the user, never an exception.
/// </summary>
public sealed class ChannelAnswerer
{
    private const string InternalError = "Sorry, something went wrong while answering. Please try again.";
    private readonly IAnswerer _answerer;
    private readonly DiscordAnswerRenderer _renderer;
    private readonly IConversationStore? _conversations;
    private readonly ILogger<ChannelAnswerer> _logger;
    private readonly int _maxQuotes;
    private readonly SemaphoreSlim _slots;
    private readonly DiscordMetrics? _metrics;
    private long _answered;
    private int _active;

    /// <param name="answerer">Whichever answerer the application chose.</param>
    /// <param name="renderer">Splits and formats an answer into messages.</param>
    /// <param name="options">Concurrency and quote limits.</param>
    /// <param name="logger">Failed answers.</param>
    /// <param name="conversations">Optional: without a store every question stands alone.</param>
    /// <param name="metrics">Optional: questions by outcome and the answer latency.</param>
    public ChannelAnswerer(IAnswerer answerer, DiscordAnswerRenderer renderer, IOptions<DiscordOptions> options, ILogger<ChannelAnswerer> logger,
        IConversationStore? conversations = null, DiscordMetrics? metrics = null)
    {
        _metrics = metrics;
        ArgumentNullException.ThrowIfNull(options);
        _answerer = answerer;
        _renderer = renderer;
        _conversations = conversations;
        _logger = logger;
        _maxQuotes = options.Value.MaxQuotes;
        _slots = new SemaphoreSlim(options.Value.MaxConcurrentAnswers);
    }

    /// <summary>Questions answered (messages, /ask) since start.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>Counts an answer once its messages are sent, by outcome, with its latency since <paramref name="started"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    /// <param name="via"><c>message</c> (mentions and DMs) or <c>ask</c>.</param>
    public void CountAnswered(ChannelReply reply, string via, long started)
    {
        ArgumentNullException.ThrowIfNull(reply);
        Interlocked.Increment(ref _answered);
        _metrics?.Replied(reply.Outcome, via, started);
    }

    /// <summary>Counts a question whose reply could not be sent (a REST failure).</summary>
    public void CountFailed(string via, long started) => _metrics?.Replied(QuestionOutcome.Failed, via, started);

    /// <summary>Counts a question turned away (limited, busy) or dropped.</summary>
    public void CountRefused(QuestionOutcome outcome, string via) => _metrics?.Question(outcome, via);

    /// <summary>Questions being answered now (holding one of the answer slots).</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>The messages that answer <paramref name="question"/> in <paramref name="channelId"/>; remembers the turn.</summary>
    public async Task<IReadOnlyList<string>> AnswerAsync(string question, ulong channelId, CancellationToken cancellationToken)
    {
        var reply = await ReplyAsync(question, channelId, cancellationToken).ConfigureAwait(false);
        await RememberAsync(question, channelId, reply, cancellationToken).ConfigureAwait(false);
        return reply.Messages;
    }

    /// <summary>
    /// Records the turn in the channel's conversation (for its follow-ups), once the reply is sent: a process that dies
    /// before sending leaves no turn, so the process that answers the question again reads the same history.
    /// </summary>
    public async Task RememberAsync(string question, ulong channelId, ChannelReply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (_conversations is null || reply.Answer is null) return;
        await _conversations.AppendAsync(channelId.ToString(CultureInfo.InvariantCulture), new ChatTurn(question, TurnText(reply.Answer)), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// The messages that answer <paramref name="question"/>, with the answer they render (for the question log); the turn
    /// is not remembered until <see cref="RememberAsync"/> (after the reply is sent).
    /// </summary>
    /// <param name="started">Called once an answer slot is taken, i.e. when answering really starts (typing goes on then).</param>
    public async Task<ChannelReply> ReplyAsync(string question, ulong channelId, CancellationToken cancellationToken, Action? started = null)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _active);
        try
        {
            started?.Invoke();
            var conversation = channelId.ToString(CultureInfo.InvariantCulture);
            var history = _conversations is null ? null : await _conversations.RecentAsync(conversation, cancellationToken).ConfigureAwait(false);
            var answer = await _answerer.AskAsync(new AskRequest(question, _maxQuotes, history is { Count: > 0 } ? history : null), cancellationToken).ConfigureAwait(false);
            return new ChannelReply(_renderer.Render(answer), answer);
        }
        catch (InvalidQuestionException e)
        {
            return new ChannelReply([DiscordMarkdown.Escape(e.Message)], null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.AnsweringFailed(_logger, e);
            return new ChannelReply([InternalError], null, Failed: true);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
            _slots.Release();
        }
    }

    private static string TurnText(Answer answer) =>
        !answer.Answered ? answer.Text ?? Answer.NotFoundText : answer.Text ?? string.Join(" ", answer.Quotes.Select(q => q.Text));
}
