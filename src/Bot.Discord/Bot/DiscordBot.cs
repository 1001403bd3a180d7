using System.Collections.Concurrent;
using System.Globalization;
using Bot.Core.Answering;
using Bot.Core.Configuration;
using Bot.Core.Conversations;
using Bot.Core.Indexing;
using Bot.Core.Watching;
using Bot.Discord.Gateway;
using Bot.Discord.Rendering;
using Bot.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Bot;

/// <summary>
/// The bot's handlers: answers mentions and DMs as replies, /ask (deferred, then @original), /sources, /reindex
/// (Manage Server or configured users) and /reset. Ignores its own and other bots' messages; each message and interaction
/// is handled once even when delivered twice. Slow work runs off the gateway reader.
/// </summary>
public sealed class DiscordBot : IGatewayDispatchHandler
{
    private const string InternalError = "Sorry, something went wrong while answering. Please try again.";
    private readonly DiscordRestClient _rest;
    private readonly IAnswerer _answerer;
    private readonly ISourceCatalog _catalog;
    private readonly IIndexer _indexer;
    private readonly IConversationStore? _conversations;
    private readonly IReindexer? _reindexer;
    private readonly DiscordAnswerRenderer _renderer;
    private readonly DiscordOptions _options;
    private readonly ILogger<DiscordBot> _logger;
    private readonly RecentIds _seen = new(10_000);
    private readonly TypingIndicator _typing;
    private readonly SemaphoreSlim _answerSlots;
    private readonly SemaphoreSlim _reindexLock = new(1, 1);
    private readonly HashSet<ulong> _adminUserIds;
    private readonly int _maxQuestionLength;
    private readonly ConcurrentDictionary<Task, byte> _work = new();
    private readonly CancellationTokenSource _stopping = new();
    private ulong _botUserId;
    private ulong _applicationId;
    private int _registered;
    private long _answered;

    public DiscordBot(DiscordRestClient rest, IAnswerer answerer, ISourceCatalog catalog, IIndexer indexer, DiscordAnswerRenderer renderer,
        IOptions<DiscordOptions> options, IServiceProvider services, ILogger<DiscordBot> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _rest = rest;
        _answerer = answerer;
        _catalog = catalog;
        _indexer = indexer;
        _renderer = renderer;
        _options = options.Value;
        _logger = logger;
        // Why: conversations are optional; without a store every question stands alone.
        _conversations = services.GetService<IConversationStore>();
        // Why: with the seed watcher running, /reindex goes through it so two runs never overlap.
        _reindexer = services.GetService<IReindexer>();
        _maxQuestionLength = services.GetService<IOptions<BotOptions>>()?.Value.MaxQuestionLength ?? 2000;
        _typing = new TypingIndicator(rest, _options.TypingInterval, logger);
        _answerSlots = new SemaphoreSlim(_options.MaxConcurrentAnswers);
        _adminUserIds = [.. _options.AdminUserIds.Select(id => ulong.Parse(id, CultureInfo.InvariantCulture))];
    }

    /// <summary>Questions answered (messages, /ask) since start.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    public ulong BotUserId => Volatile.Read(ref _botUserId);

    public ValueTask HandleDispatchAsync(GatewayDispatch dispatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        switch (dispatch.Type)
        {
            case "READY":
                Volatile.Write(ref _botUserId, dispatch.Data.GetObject("user").GetSnowflake("id"));
                Volatile.Write(ref _applicationId, dispatch.Data.GetObject("application").GetSnowflake("id"));
                if (_options.RegisterCommands && Interlocked.Exchange(ref _registered, 1) == 0) Run(RegisterCommandsAsync);
                break;
            case "MESSAGE_CREATE":
                var message = DiscordMessage.Parse(dispatch.Data);
                if (!ShouldAnswer(message)) break;
                if (!_seen.TryAdd($"m{message.Id}"))
                {
                    _logger.LogDebug("Message {Id} delivered again; already handled", message.Id);
                    break;
                }
                Run(ct => AnswerMessageAsync(message, ct));
                break;
            case "INTERACTION_CREATE":
                var interaction = DiscordInteraction.Parse(dispatch.Data);
                if (interaction.Type != DiscordInteraction.ApplicationCommand) break;
                if (!_seen.TryAdd($"i{interaction.Id}"))
                {
                    _logger.LogDebug("Interaction {Id} delivered again; already handled", interaction.Id);
                    break;
                }
                Run(ct => HandleInteractionAsync(interaction, ct));
                break;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Lets answers in progress finish (up to <paramref name="grace"/>), then cancels the rest.</summary>
    public async Task DrainAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        var pending = _work.Keys.ToArray();
        if (pending.Length > 0)
        {
            _logger.LogInformation("Waiting for {Count} answer(s) in progress", pending.Length);
            try
            {
                await Task.WhenAll(pending).WaitAsync(grace, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                _logger.LogWarning("Stopping with answers still in progress");
            }
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
    }

    private bool ShouldAnswer(DiscordMessage m)
    {
        var self = BotUserId;
        // Why: Discord echoes our own messages; answering bots or webhooks risks reply loops.
        if (m.AuthorId == self || m.AuthorIsBot || m.FromWebhook) return false;
        if (m.Type is not (0 or 19)) return false;
        return m.IsDirect || (self != 0 && m.Mentions(self));
    }

    private void Run(Func<CancellationToken, Task> work)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await work(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Handling a Discord event failed");
            }
        });
        _work[task] = 0;
        _ = task.ContinueWith(t => _work.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RegisterCommandsAsync(CancellationToken ct)
    {
        var definitions = SlashCommands.Definitions(_maxQuestionLength);
        var app = Volatile.Read(ref _applicationId);
        try
        {
            if (_options.GuildIds.Length == 0)
            {
                await _rest.BulkOverwriteCommandsAsync(app, null, definitions, ct).ConfigureAwait(false);
                _logger.LogInformation("Registered /ask, /sources, /reindex, /reset globally");
            }
            foreach (var guild in _options.GuildIds)
            {
                await _rest.BulkOverwriteCommandsAsync(app, ulong.Parse(guild, CultureInfo.InvariantCulture), definitions, ct).ConfigureAwait(false);
                _logger.LogInformation("Registered /ask, /sources, /reindex, /reset in guild {Guild}", guild);
            }
        }
        catch (DiscordApiException e)
        {
            Interlocked.Exchange(ref _registered, 0); // try again at the next READY
            _logger.LogError("Registering the slash commands failed: {Error}", e.Message);
        }
    }

    private async Task AnswerMessageAsync(DiscordMessage m, CancellationToken ct)
    {
        var question = m.QuestionFor(BotUserId);
        IReadOnlyList<string> replies;
        using (var typing = _typing.Begin(m.ChannelId, ct))
        {
            replies = question.Length == 0
                ? ["Ask me a question about the sources: mention me with it, send it in a DM, or use /ask."]
                : await AnswerAsync(question, m.ChannelId, ct).ConfigureAwait(false);
            // Never hold an answer long for the indicator (a rate-limited typing route can wait seconds).
            await Task.WhenAny(typing.FirstSent, Task.Delay(TimeSpan.FromSeconds(2), ct)).ConfigureAwait(false);
        }
        var reference = new MessageReference(m.Id.ToString(CultureInfo.InvariantCulture));
        for (var i = 0; i < replies.Count; i++)
            await _rest.CreateMessageAsync(m.ChannelId, OutgoingMessage.Text(replies[i], i == 0 ? reference : null), ct).ConfigureAwait(false);
        Interlocked.Increment(ref _answered);
    }

    private async Task<IReadOnlyList<string>> AnswerAsync(string question, ulong channelId, CancellationToken ct)
    {
        await _answerSlots.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var conversation = channelId.ToString(CultureInfo.InvariantCulture);
            var history = _conversations?.Recent(conversation);
            var answer = await _answerer.AskAsync(new AskRequest(question, _options.MaxQuotes, history is { Count: > 0 } ? history : null), ct).ConfigureAwait(false);
            _conversations?.Append(conversation, new ChatTurn(question, TurnText(answer)));
            return _renderer.Render(answer);
        }
        catch (InvalidQuestionException e)
        {
            return [DiscordMarkdown.Escape(e.Message)];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "Answering failed");
            return [InternalError];
        }
        finally
        {
            _answerSlots.Release();
        }
    }

    private static string TurnText(Answer answer) =>
        !answer.Answered ? answer.Text ?? Answer.NotFoundText : answer.Text ?? string.Join(" ", answer.Quotes.Select(q => q.Text));

    private async Task HandleInteractionAsync(DiscordInteraction i, CancellationToken ct)
    {
        switch (i.CommandName)
        {
            case SlashCommands.Ask:
                await DeferAsync(i, ct).ConfigureAwait(false);
                var question = i.Options.GetValueOrDefault("question") ?? "";
                await SendInteractionMessagesAsync(i, await AnswerAsync(question, i.ChannelId, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
                Interlocked.Increment(ref _answered);
                break;
            case SlashCommands.Sources:
                await DeferAsync(i, ct).ConfigureAwait(false);
                IReadOnlyList<string> list;
                try
                {
                    list = _renderer.RenderSources(await _catalog.ListSourcesAsync(ct).ConfigureAwait(false), _catalog.RetrievalMode);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger.LogError(e, "Listing the sources failed");
                    list = ["Sorry, the index could not be read."];
                }
                await SendInteractionMessagesAsync(i, list, ct).ConfigureAwait(false);
                break;
            case SlashCommands.Reindex:
                if (!MayReindex(i))
                {
                    await RespondAsync(i, "Only members with the Manage Server permission (or configured admins) can re-index.", ct).ConfigureAwait(false);
                    break;
                }
                await DeferAsync(i, ct).ConfigureAwait(false);
                await SendInteractionMessagesAsync(i, [await ReindexAsync(ct).ConfigureAwait(false)], ct).ConfigureAwait(false);
                break;
            case SlashCommands.Reset:
                _conversations?.Reset(i.ChannelId.ToString(CultureInfo.InvariantCulture));
                await RespondAsync(i, _conversations is null
                    ? "No conversation history is kept; every question stands alone."
                    : "Done: this channel's conversation is forgotten; the next question starts fresh.", ct).ConfigureAwait(false);
                break;
            default:
                await RespondAsync(i, $"Unknown command /{DiscordMarkdown.Escape(i.CommandName)}.", ct).ConfigureAwait(false);
                break;
        }
    }

    private bool MayReindex(DiscordInteraction i) =>
        _adminUserIds.Contains(i.UserId) ||
        (i.GuildId is not null && (i.MemberPermissions & (SlashCommands.ManageGuild | SlashCommands.Administrator)) != 0);

    private async Task<string> ReindexAsync(CancellationToken ct)
    {
        await _reindexLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var r = _reindexer is not null
                ? await _reindexer.ReindexNowAsync(ct).ConfigureAwait(false)
                : await _indexer.IndexAsync(false, null, ct).ConfigureAwait(false);
            var text = string.Create(CultureInfo.InvariantCulture,
                $"Re-indexed in {r.Elapsed.TotalSeconds:F1} s: {r.Added} added, {r.Updated} updated, {r.Renamed} renamed, {r.Removed} removed, {r.Unchanged} unchanged.");
            if (r.Problems.Count > 0)
                text += string.Create(CultureInfo.InvariantCulture, $" {r.Problems.Count} file(s) could not be indexed: ") +
                        string.Join(", ", r.Problems.Take(10).Select(p => $"`{p.Path.Replace('`', '\'')}`"));
            return text;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "Re-indexing failed");
            return $"Re-indexing failed: {DiscordMarkdown.Escape(e.Message)}";
        }
        finally
        {
            _reindexLock.Release();
        }
    }

    // Why: the 3-second deadline is met by acknowledging first ("thinking…"), then editing @original.
    private Task DeferAsync(DiscordInteraction i, CancellationToken ct) =>
        _rest.RespondToInteractionAsync(i.Id, i.Token, InteractionResponse.Deferred(), ct);

    private Task RespondAsync(DiscordInteraction i, string text, CancellationToken ct) =>
        _rest.RespondToInteractionAsync(i.Id, i.Token, InteractionResponse.Message(OutgoingMessage.Text(text, ephemeral: true)), ct);

    private async Task SendInteractionMessagesAsync(DiscordInteraction i, IReadOnlyList<string> messages, CancellationToken ct)
    {
        var app = i.ApplicationId != 0 ? i.ApplicationId : Volatile.Read(ref _applicationId);
        await _rest.EditOriginalResponseAsync(app, i.Token, OutgoingMessage.Text(messages[0]), ct).ConfigureAwait(false);
        foreach (var more in messages.Skip(1))
            await _rest.CreateFollowupAsync(app, i.Token, OutgoingMessage.Text(more), ct).ConfigureAwait(false);
    }
}
