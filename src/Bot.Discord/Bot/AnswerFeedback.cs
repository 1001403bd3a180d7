using System.Collections.Concurrent;
using System.Globalization;
using Bot.Core.Answering;
using Bot.Core.Feedback;
using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Bot;

/// <summary>
/// Discord's side of the question log: logs each answer with its asker's hash, adds the configured reactions
/// (<see cref="FeedbackOptions.Reactions"/>, 👍 and 👎) under it, and records reactions (MESSAGE_REACTION_ADD) to them —
/// the asker's as theirs, everyone else's counted separately, the bot's own ignored. Which message answers what is kept
/// in memory for the most recent <see cref="DiscordOptions.FeedbackRememberedAnswers"/> answers (5,000 by default; each
/// keeps its quotes, about 2 KB), so reactions to older answers and to answers from before a restart are not recorded.
/// Does nothing while the log is off.
/// </summary>
public sealed class AnswerFeedback
{
    public const string FrontEnd = "discord";

    private readonly DiscordRestClient _rest;
    private readonly QuestionLog? _log;
    private readonly List<string> _reactions;
    private readonly ILogger<AnswerFeedback> _logger;
    private readonly ConcurrentDictionary<ulong, Entry> _byMessage = new();
    private readonly ConcurrentQueue<ulong[]> _order = new();
    private readonly int _remembered;

    /// <param name="rest">Adds the reactions.</param>
    /// <param name="options">The reactions.</param>
    /// <param name="logger">Reactions that could not be added.</param>
    /// <param name="log">The question log (off: nothing is done).</param>
    /// <param name="discord">How many answers are remembered (<see cref="DiscordOptions.FeedbackRememberedAnswers"/>).</param>
    public AnswerFeedback(DiscordRestClient rest, IOptions<FeedbackOptions> options, ILogger<AnswerFeedback> logger, QuestionLog? log = null,
        IOptions<DiscordOptions>? discord = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _remembered = discord?.Value.FeedbackRememberedAnswers ?? new DiscordOptions().FeedbackRememberedAnswers;
        _rest = rest;
        _log = log;
        _reactions = [.. options.Value.ReactionsInUse];
        _logger = logger;
    }

    public bool Enabled => _log is { Enabled: true };

    /// <summary>Answer messages remembered now (at most the last <see cref="DiscordOptions.FeedbackRememberedAnswers"/> answers' messages).</summary>
    internal int RememberedMessages => _byMessage.Count;

    /// <summary>Logs <paramref name="reply"/>'s answer and reacts under its last message; remembers its messages for ratings.</summary>
    public async Task AttachAsync(ChannelReply reply, ulong askerId, ulong channelId, IReadOnlyList<ulong> messageIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(messageIds);
        var ids = messageIds.Where(id => id != 0).ToList();
        if (!Enabled || reply.Answer is not { } answer || ids.Count == 0) return;
        var asker = _log!.HashUser(FrontEnd, Id(askerId));
        if (await _log.RecordAsync(answer, FrontEnd, asker, ct).ConfigureAwait(false) is not { } logId) return;
        var entry = new Entry(logId, askerId, answer.Quotes);
        foreach (var id in ids) _byMessage[id] = entry;
        _order.Enqueue([.. ids]);
        while (_order.Count > _remembered && _order.TryDequeue(out var old))
            foreach (var id in old) _byMessage.TryRemove(id, out _);
        try
        {
            foreach (var emoji in _reactions)
                await _rest.SendAsync(ReactionRoutes.AddOwnReaction(channelId, ids[^1], emoji), null, ct).ConfigureAwait(false);
        }
        catch (DiscordApiException e)
        {
            // No Add Reactions permission, say: people can still react themselves.
            FeedbackLog.ReactionFailed(_logger, e.Message);
        }
    }

    /// <summary>MESSAGE_REACTION_ADD: a rating when it is one of the configured reactions on a remembered answer.</summary>
    internal async Task HandleReactionAsync(DiscordReaction reaction, ulong botUserId, CancellationToken ct)
    {
        if (!Enabled || reaction.UserId == botUserId || reaction.UserId == 0) return;
        if (!_byMessage.TryGetValue(reaction.MessageId, out var entry)) return;
        var index = _reactions.IndexOf(reaction.Emoji);
        if (index < 0) return;
        var rating = index == 0 ? FeedbackRating.Good : FeedbackRating.Bad;
        await _log!.RateAsync(entry.LogId, rating, reaction.UserId == entry.AskerId, _log.HashUser(FrontEnd, Id(reaction.UserId)), null, entry.Quotes, ct)
            .ConfigureAwait(false);
    }

    private static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);

    private sealed record Entry(long LogId, ulong AskerId, IReadOnlyList<Quote> Quotes);
}
