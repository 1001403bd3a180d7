using System.Globalization;
using Bot.Core.Configuration;
using Bot.Core.Conversations;
using Bot.Core.Feedback;
using Bot.Core.Indexing;
using Bot.Core.Watching;
using Bot.Discord.Rendering;
using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Bot;

/// <summary>
/// The slash commands: registers them (once per process, again after a failure), and answers /ask (deferred, then
/// @original), /sources, /reindex (Manage Server or configured users) and /reset.
/// </summary>
public sealed class SlashCommandHandler
{
    private readonly DiscordRestClient _rest;
    private readonly ChannelAnswerer _answers;
    private readonly ISourceCatalog _catalog;
    private readonly IIndexer _indexer;
    private readonly DiscordAnswerRenderer _renderer;
    private readonly DiscordOptions _options;
    private readonly ILogger<SlashCommandHandler> _logger;
    private readonly IConversationStore? _conversations;
    private readonly IReindexer? _reindexer;
    private readonly AnswerFeedback? _feedback;
    private readonly FeedbackReporter? _reporter;
    private readonly HashSet<ulong> _adminUserIds;
    private readonly int _maxQuestionLength;
    private readonly SemaphoreSlim _reindexLock = new(1, 1);
    private ulong _applicationId;
    private int _registered;

    /// <param name="rest">Interaction responses and command registration.</param>
    /// <param name="answers">/ask.</param>
    /// <param name="catalog">/sources.</param>
    /// <param name="indexer">/reindex when no seed watcher runs.</param>
    /// <param name="renderer">/sources as messages.</param>
    /// <param name="options">Admins, guilds to register in.</param>
    /// <param name="bot">The longest question /ask accepts.</param>
    /// <param name="logger">Failures.</param>
    /// <param name="conversations">Optional: /reset forgets a channel's turns; without a store there are none.</param>
    /// <param name="reindexer">Optional: with the seed watcher running, /reindex goes through it so two runs never overlap.</param>
    /// <param name="feedback">Optional: /ask answers are logged and get the rating reactions.</param>
    /// <param name="reporter">Optional: /report.</param>
    public SlashCommandHandler(DiscordRestClient rest, ChannelAnswerer answers, ISourceCatalog catalog, IIndexer indexer, DiscordAnswerRenderer renderer,
        IOptions<DiscordOptions> options, IOptions<BotOptions> bot, ILogger<SlashCommandHandler> logger,
        IConversationStore? conversations = null, IReindexer? reindexer = null, AnswerFeedback? feedback = null, FeedbackReporter? reporter = null)
    {
        _feedback = feedback;
        _reporter = reporter;
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(bot);
        _rest = rest;
        _answers = answers;
        _catalog = catalog;
        _indexer = indexer;
        _renderer = renderer;
        _options = options.Value;
        _logger = logger;
        _conversations = conversations;
        _reindexer = reindexer;
        _maxQuestionLength = bot.Value.MaxQuestionLength;
        _adminUserIds = [.. _options.AdminUserIds.Select(id => ulong.Parse(id, CultureInfo.InvariantCulture))];
    }

    /// <summary>The application's id, from READY; interactions that carry none answer through it.</summary>
    public ulong ApplicationId
    {
        get => Volatile.Read(ref _applicationId);
        set => Volatile.Write(ref _applicationId, value);
    }

    /// <summary>True once per process (and again after a failed registration): the caller then runs <see cref="RegisterAsync"/>.</summary>
    public bool ClaimRegistration() => Interlocked.Exchange(ref _registered, 1) == 0;

    /// <summary>Registers the commands globally or in the configured guilds; a failure releases the claim for the next READY.</summary>
    public async Task RegisterAsync(CancellationToken ct)
    {
        var definitions = SlashCommands.Definitions(_maxQuestionLength);
        var app = ApplicationId;
        try
        {
            if (_options.GuildIds.Length == 0)
            {
                await _rest.BulkOverwriteCommandsAsync(app, null, definitions, ct).ConfigureAwait(false);
                Log.CommandsRegisteredGlobally(_logger);
            }
            foreach (var guild in _options.GuildIds)
            {
                await _rest.BulkOverwriteCommandsAsync(app, ulong.Parse(guild, CultureInfo.InvariantCulture), definitions, ct).ConfigureAwait(false);
                Log.CommandsRegisteredInGuild(_logger, guild);
            }
        }
        catch (DiscordApiException e)
        {
            Interlocked.Exchange(ref _registered, 0); // try again at the next READY
            Log.CommandRegistrationFailed(_logger, e.Message);
        }
    }

    internal async Task HandleAsync(DiscordInteraction i, CancellationToken ct)
    {
        switch (i.CommandName)
        {
            case SlashCommands.Ask:
                await DeferAsync(i, ct).ConfigureAwait(false);
                var question = i.Options.GetValueOrDefault("question") ?? "";
                var reply = await _answers.ReplyAsync(question, i.ChannelId, ct).ConfigureAwait(false);
                var sent = await SendMessagesAsync(i, reply.Messages, ct).ConfigureAwait(false);
                _answers.CountAnswered();
                if (_feedback is not null) await _feedback.AttachAsync(reply, i.UserId, i.ChannelId, sent, ct).ConfigureAwait(false);
                break;
            case SlashCommands.Report:
                if (!MayReindex(i))
                {
                    await RespondAsync(i, "Only members with the Manage Server permission (or configured admins) can see the report.", ct).ConfigureAwait(false);
                    break;
                }
                await ReportAsync(i, ct).ConfigureAwait(false);
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
                    Log.ListingSourcesFailed(_logger, e);
                    list = ["Sorry, the index could not be read."];
                }
                await SendMessagesAsync(i, list, ct).ConfigureAwait(false);
                break;
            case SlashCommands.Reindex:
                if (!MayReindex(i))
                {
                    await RespondAsync(i, "Only members with the Manage Server permission (or configured admins) can re-index.", ct).ConfigureAwait(false);
                    break;
                }
                await DeferAsync(i, ct).ConfigureAwait(false);
                await SendMessagesAsync(i, [await ReindexAsync(ct).ConfigureAwait(false)], ct).ConfigureAwait(false);
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
            Log.ReindexFailed(_logger, e);
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

    /// <summary>Sends the messages (the deferred response, then follow-ups); returns their ids.</summary>
    private async Task<IReadOnlyList<ulong>> SendMessagesAsync(DiscordInteraction i, IReadOnlyList<string> messages, CancellationToken ct)
    {
        var app = i.ApplicationId != 0 ? i.ApplicationId : ApplicationId;
        var ids = new List<ulong> { (await _rest.SendAsync(DiscordRoute.EditOriginalResponse(app, i.Token), OutgoingMessage.Text(messages[0]), ct).ConfigureAwait(false)).MessageId() };
        foreach (var more in messages.Skip(1))
            ids.Add((await _rest.SendAsync(DiscordRoute.CreateFollowup(app, i.Token), OutgoingMessage.Text(more), ct).ConfigureAwait(false)).MessageId());
        return ids;
    }

    // /report: acknowledged as ephemeral ("only you can see this"), then filled in; clustering may take a few seconds.
    private async Task ReportAsync(DiscordInteraction i, CancellationToken ct)
    {
        await _rest.RespondToInteractionAsync(i.Id, i.Token,
            new InteractionResponse(InteractionResponse.DeferredChannelMessageWithSource, OutgoingMessage.Text("", ephemeral: true)), ct).ConfigureAwait(false);
        string text;
        try
        {
            text = await ReportReply.BuildAsync(_reporter, _feedback?.Enabled == true, _options.MaxMessageLength, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            FeedbackLog.ReportFailed(_logger, e);
            text = "Sorry, the report could not be made.";
        }
        await _rest.EditOriginalResponseAsync(i.ApplicationId != 0 ? i.ApplicationId : ApplicationId, i.Token, OutgoingMessage.Text(text), ct).ConfigureAwait(false);
    }
}
