using System.Diagnostics;
using System.Globalization;
using Bot.Core.Configuration;
using Bot.Core.Conversations;
using Bot.Core.Feedback;
using Bot.Core.Indexing;
using Bot.Core.Ingesting;
using Bot.Core.Watching;
using Bot.Discord.Rendering;
using Bot.Discord.Rest;
using Bot.Discord.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Bot;

/// <summary>
/// The slash commands: registers them (once per process, again after a failure), and answers /ask (deferred, then
/// @original), /sources, /reindex and /add (the application's owners, configured admins, or Manage Server in an admin guild) and /reset.
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
    private readonly HashSet<ulong> _adminGuildIds;
    private readonly BotOwners _owners;
    private readonly AnswerFeedback? _feedback;
    private readonly FeedbackReporter? _reporter;
    private readonly SeedAdder? _adder;
    private readonly int _maxQuestionLength;
    private const string AskVia = "ask";
    private readonly SemaphoreSlim _reindexLock = new(1, 1);
    private readonly QuestionAdmission _admission;
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
    /// <param name="owners">Who may run /reindex and /report.</param>
    /// <param name="admission">The pending-question queue and the per-user and per-channel rates /ask shares with mentions.</param>
    /// <param name="feedback">Optional: /ask answers are logged and get the rating reactions.</param>
    /// <param name="reporter">Optional: /report.</param>
    /// <param name="adder">Optional: /add (the same service as `bot add`); without it /add says it is not available.</param>
    public SlashCommandHandler(DiscordRestClient rest, ChannelAnswerer answers, ISourceCatalog catalog, IIndexer indexer, DiscordAnswerRenderer renderer,
        IOptions<DiscordOptions> options, IOptions<BotOptions> bot, ILogger<SlashCommandHandler> logger, QuestionAdmission admission, BotOwners owners,
        IConversationStore? conversations = null, IReindexer? reindexer = null, AnswerFeedback? feedback = null, FeedbackReporter? reporter = null,
        SeedAdder? adder = null)
    {
        _adder = adder;
        _admission = admission;
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
        _adminGuildIds = [.. _options.AdminGuildIds.Select(id => ulong.Parse(id, CultureInfo.InvariantCulture))];
        _owners = owners;
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
        // Why: with admin guilds configured, /reindex exists only there (a guild command); elsewhere it is not registered.
        var withReindex = _adminGuildIds.Count == 0;
        var app = ApplicationId;
        try
        {
            if (_options.GuildIds.Length == 0)
            {
                await _rest.BulkOverwriteCommandsAsync(app, null, SlashCommands.Definitions(_maxQuestionLength, withReindex), ct).ConfigureAwait(false);
                Log.CommandsRegisteredGlobally(_logger);
            }
            foreach (var guild in _options.GuildIds)
            {
                var id = ulong.Parse(guild, CultureInfo.InvariantCulture);
                await _rest.BulkOverwriteCommandsAsync(app, id, SlashCommands.Definitions(_maxQuestionLength, withReindex || _adminGuildIds.Contains(id)), ct)
                    .ConfigureAwait(false);
                Log.CommandsRegisteredInGuild(_logger, guild);
            }
            foreach (var id in _adminGuildIds.Where(g => !_options.GuildIds.Contains(g.ToString(CultureInfo.InvariantCulture))))
            {
                await _rest.BulkOverwriteCommandsAsync(app, id, SlashCommands.AdminDefinitions(), ct).ConfigureAwait(false);
                Log.CommandsRegisteredInGuild(_logger, id.ToString(CultureInfo.InvariantCulture));
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
        if (Expired(i))
        {
            // Why: its token no longer works (a replay after a long outage); any call would only count as invalid.
            Log.InteractionExpired(_logger, i.Id);
            return;
        }
        switch (i.CommandName)
        {
            case SlashCommands.Ask:
                var started = Stopwatch.GetTimestamp();
                var (verdict, refusal, place) = await _admission.AdmitAsync(i.UserId, i.ChannelId, ct).ConfigureAwait(false);
                if (verdict != AdmissionVerdict.Accepted)
                {
                    _answers.CountRefused(verdict == AdmissionVerdict.Busy ? QuestionOutcome.Busy : QuestionOutcome.Limited, AskVia);
                    // Ephemeral, so only the asker sees it; interaction callbacks do not count against the global limit.
                    await RespondAsync(i, refusal ?? QuestionAdmission.UserLimitedText, ct).ConfigureAwait(false);
                    break;
                }
                using (place)
                {
                    using var span = DiscordTracing.Source.StartActivity("question", ActivityKind.Consumer);
                    span?.SetTag("discord.via", AskVia).SetTag("discord.channel_id", i.ChannelId.ToString(CultureInfo.InvariantCulture));
                    await DeferAsync(i, ct).ConfigureAwait(false);
                    var question = i.Options.GetValueOrDefault("question") ?? "";
                    var reply = await _answers.ReplyAsync(question, i.ChannelId, ct).ConfigureAwait(false);
                    if (Expired(i))
                    {
                        Log.InteractionExpired(_logger, i.Id);
                        _answers.CountFailed(AskVia, started);
                        break;
                    }
                    IReadOnlyList<ulong> sent;
                    using (var send = DiscordTracing.Source.StartActivity("send"))
                    {
                        try
                        {
                            sent = await SendMessagesAsync(i, reply.Messages, ct).ConfigureAwait(false);
                        }
                        catch (DiscordApiException e)
                        {
                            send?.SetStatus(ActivityStatusCode.Error, e.Message);
                            _answers.CountFailed(AskVia, started);
                            throw;
                        }
                    }
                    span?.SetTag("bot.outcome", reply.Outcome.ToString().ToLowerInvariant());
                    _answers.CountAnswered(reply, AskVia, started);
                    await _answers.RememberAsync(question, i.ChannelId, reply, ct).ConfigureAwait(false);
                    if (_feedback is not null) await _feedback.AttachAsync(reply, i.UserId, i.ChannelId, sent, ct).ConfigureAwait(false);
                }
                break;
            case SlashCommands.Report:
                // Why Manage Server suffices here, unlike /reindex: the report only reads the question log.
                if (!((i.GuildId is not null && (i.MemberPermissions & (SlashCommands.ManageGuild | SlashCommands.Administrator)) != 0) ||
                      await _owners.IsAdminAsync(i.UserId, ct).ConfigureAwait(false)))
                {
                    await RespondAsync(i, "Only members with the Manage Server permission (or the bot's owners and configured admins) can see the report.", ct)
                        .ConfigureAwait(false);
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
                if (!await MayReindexAsync(i, ct).ConfigureAwait(false))
                {
                    await RespondAsync(i, "Only the bot's owners (or its configured admins) can re-index.", ct).ConfigureAwait(false);
                    break;
                }
                await DeferAsync(i, ct).ConfigureAwait(false);
                await SendMessagesAsync(i, [await ReindexAsync(ct).ConfigureAwait(false)], ct).ConfigureAwait(false);
                break;
            case SlashCommands.Add:
                if (!await MayReindexAsync(i, ct).ConfigureAwait(false))
                {
                    await RespondAsync(i, "Only the bot's owners (or its configured admins) can add sources.", ct).ConfigureAwait(false);
                    break;
                }
                // Ephemeral, deferred: the fetch may take seconds; only the admin sees the summary or the refusal.
                await DeferEphemeralAsync(i, ct).ConfigureAwait(false);
                await _rest.EditOriginalResponseAsync(i.ApplicationId != 0 ? i.ApplicationId : ApplicationId, i.Token,
                    OutgoingMessage.Text(await AddAsync(i.Options.GetValueOrDefault("url") ?? "", ct).ConfigureAwait(false)), ct).ConfigureAwait(false);
                break;
            case SlashCommands.Reset:
                if (_conversations is not null) await _conversations.ResetAsync(i.ChannelId.ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
                await RespondAsync(i, _conversations is null
                    ? "No conversation history is kept; every question stands alone."
                    : "Done: this channel's conversation is forgotten; the next question starts fresh.", ct).ConfigureAwait(false);
                break;
            default:
                await RespondAsync(i, $"Unknown command /{DiscordMarkdown.Escape(i.CommandName)}.", ct).ConfigureAwait(false);
                break;
        }
    }

    // Why not Manage Server anywhere: every server's admins could then make the shared index rebuild again and again.
    private async Task<bool> MayReindexAsync(DiscordInteraction i, CancellationToken ct) =>
        (i.GuildId is { } guild && _adminGuildIds.Contains(guild) && (i.MemberPermissions & (SlashCommands.ManageGuild | SlashCommands.Administrator)) != 0) ||
        await _owners.IsAdminAsync(i.UserId, ct).ConfigureAwait(false);

    private async Task<string> ReindexAsync(CancellationToken ct)
    {
        try
        {
            var r = await IndexNowAsync(ct).ConfigureAwait(false);
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
    }

    /// <summary>One index run at a time: through the seed watcher when it runs, else the indexer.</summary>
    private async Task<IndexReport> IndexNowAsync(CancellationToken ct)
    {
        await _reindexLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return _reindexer is not null
                ? await _reindexer.ReindexNowAsync(ct).ConfigureAwait(false)
                : await _indexer.IndexAsync(false, null, ct).ConfigureAwait(false);
        }
        finally
        {
            _reindexLock.Release();
        }
    }

    /// <summary>/add: fetches and saves the page as `bot add` does, indexes it at once; the same summary line, or the one-line refusal.</summary>
    private async Task<string> AddAsync(string url, CancellationToken ct)
    {
        if (_adder is null) return "Adding sources is not available in this bot.";
        // Why URLs only: `bot add` also copies local files, which a Discord user must never be able to name.
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return $"Refused: only http and https URLs can be added, not {DiscordMarkdown.Escape(url)}";
        AddedSeed added;
        try
        {
            added = await _adder.AddAsync(uri.AbsoluteUri, ct).ConfigureAwait(false);
        }
        catch (IngestException e)
        {
            return $"Refused: {DiscordMarkdown.Escape(e.Message)}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Why: the seeds folder could not be written (disk full, permissions); the admin still gets an answer.
            Log.AddFailed(_logger, e);
            return $"Adding failed: {DiscordMarkdown.Escape(e.Message)}";
        }
        var path = $"`{added.Path.Replace('`', '\'')}`";
        if (added.AlreadyPresent) return $"Already in the sources as {path}; nothing added: {DiscordMarkdown.Escape(added.Summary())}";
        try
        {
            await IndexNowAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.ReindexFailed(_logger, e);
            return $"Saved as {path} but not indexed yet ({DiscordMarkdown.Escape(e.Message)}): {DiscordMarkdown.Escape(added.Summary())}";
        }
        return $"Added {path}: {DiscordMarkdown.Escape(added.Summary())}";
    }

    private bool Expired(DiscordInteraction i) => DateTimeOffset.UtcNow - Snowflake.CreatedAt(i.Id) >= _options.InteractionTokenLifetime;

    // Why: the 3-second deadline is met by acknowledging first ("thinking…"), then editing @original.
    private async Task DeferAsync(DiscordInteraction i, CancellationToken ct)
    {
        try
        {
            await _rest.RespondToInteractionAsync(i.Id, i.Token, InteractionResponse.Deferred(), ct).ConfigureAwait(false);
        }
        catch (DiscordApiException e) when (e.Code == 40060)
        {
            // "Interaction has already been acknowledged": another delivery (or process) deferred it; go on.
        }
    }

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

    // Acknowledged as ephemeral ("only you can see this"); the edit of @original then stays ephemeral too.
    private Task DeferEphemeralAsync(DiscordInteraction i, CancellationToken ct) =>
        _rest.RespondToInteractionAsync(i.Id, i.Token,
            new InteractionResponse(InteractionResponse.DeferredChannelMessageWithSource, OutgoingMessage.Text("", ephemeral: true)), ct);

    // /report: acknowledged as ephemeral, then filled in; clustering may take a few seconds.
    private async Task ReportAsync(DiscordInteraction i, CancellationToken ct)
    {
        await DeferEphemeralAsync(i, ct).ConfigureAwait(false);
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
