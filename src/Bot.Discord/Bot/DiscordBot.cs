using Bot.Discord.Gateway;
using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Bot;

/// <summary>
/// The bot's dispatch handler: routes READY, MESSAGE_CREATE and INTERACTION_CREATE to the <see cref="MessageHandler"/> and
/// the <see cref="SlashCommandHandler"/>, each message and interaction once even when delivered twice, and runs them as
/// <see cref="DiscordWork"/> so slow work stays off the gateway reader.
/// </summary>
public sealed class DiscordBot(
    MessageHandler messages,
    SlashCommandHandler commands,
    ChannelAnswerer answers,
    DiscordWork work,
    BotOwners owners,
    IAnsweredEvents answered,
    IOptions<DiscordOptions> options,
    ILogger<DiscordBot> logger,
    AnswerFeedback? feedback = null) : IGatewayDispatchHandler
{
    private readonly RecentIds _seen = new(10_000);
    private ulong _botUserId;
    private volatile bool _stopping;

    /// <summary>Questions answered (messages, /ask) since start.</summary>
    public long Answered => answers.Answered;

    public ulong BotUserId => Volatile.Read(ref _botUserId);

    public ValueTask HandleDispatchAsync(GatewayDispatch dispatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        switch (dispatch.Type)
        {
            case "READY":
                Volatile.Write(ref _botUserId, dispatch.Data.GetObject("user").GetSnowflake("id"));
                commands.ApplicationId = dispatch.Data.GetObject("application").GetSnowflake("id");
                if (options.Value.RegisterCommands && commands.ClaimRegistration()) work.Run(commands.RegisterAsync);
                if (!owners.Loaded) work.Run(owners.LoadAsync);
                break;
            case "MESSAGE_CREATE":
                var message = DiscordMessage.Parse(dispatch.Data);
                if (!MessageHandler.ShouldAnswer(message, BotUserId)) break;
                if (!_seen.TryAdd($"m{message.Id}"))
                {
                    Log.MessageRedelivered(logger, message.Id);
                    break;
                }
                TakeUp($"m{message.Id}", dispatch.Receipt, ct => messages.AnswerAsync(message, BotUserId, ct));
                break;
            case "INTERACTION_CREATE":
                var interaction = DiscordInteraction.Parse(dispatch.Data);
                if (interaction.Type != DiscordInteraction.ApplicationCommand) break;
                if (!_seen.TryAdd($"i{interaction.Id}"))
                {
                    Log.InteractionRedelivered(logger, interaction.Id);
                    break;
                }
                TakeUp($"i{interaction.Id}", dispatch.Receipt, ct => commands.HandleAsync(interaction, ct));
                break;
            case "MESSAGE_REACTION_ADD" when feedback is { Enabled: true }:
                var reaction = DiscordReaction.Parse(dispatch.Data);
                work.Run(ct => feedback.HandleReactionAsync(reaction, BotUserId, ct));
                break;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Reads the bot's user and application ids by REST before the gateway starts, for a process that RESUMEs a saved
    /// session: it gets no READY, and replayed mentions must be recognised. A failure leaves them to READY.
    /// </summary>
    public async Task LearnIdentityAsync(DiscordRestClient rest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rest);
        try
        {
            if (await rest.GetCurrentUserAsync(cancellationToken).ConfigureAwait(false) is { } me)
                Volatile.Write(ref _botUserId, me.GetSnowflake("id"));
            await owners.LoadAsync(cancellationToken).ConfigureAwait(false);
            if (commands.ApplicationId == 0) commands.ApplicationId = owners.ApplicationId;
        }
        catch (DiscordApiException e)
        {
            Log.IdentityNotLearned(logger, e.Message);
        }
    }

    /// <summary>
    /// A planned stop begins: questions that arrive from now on are not taken up but left to the process that resumes
    /// the session (their events keep the checkpoint before them, so they are sent to it again).
    /// </summary>
    public void StopTakingUp() => _stopping = true;

    /// <summary>
    /// Runs a question's event as background work, holding its place in the shard's checkpoint until it is done: taken
    /// up in <see cref="IAnsweredEvents"/> (waiting while another live process has it), answered, then recorded as done.
    /// Done means answered, refused, ignored, or failed for good; a stop that cancels the work releases the event
    /// instead, so the process that resumes the session answers it.
    /// </summary>
    private void TakeUp(string key, DispatchReceipt? receipt, Func<CancellationToken, Task> answer)
    {
        receipt?.Hold();
        if (_stopping)
        {
            DurabilityLog.LeftForNextProcess(logger, key); // held for ever: the session is saved before it
            return;
        }
        work.Run(async ct =>
        {
            if (!await ClaimAsync(key, ct).ConfigureAwait(false))
            {
                DurabilityLog.AlreadyDone(logger, key);
                receipt?.Release();
                return;
            }
            var done = false;
            try
            {
                await answer(ct).ConfigureAwait(false);
                done = true;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                done = true; // failed for good (logged by the work runner): not answered again
                throw;
            }
            finally
            {
                await FinishAsync(key, done, receipt).ConfigureAwait(false);
            }
        });
    }

    /// <summary>True once the event is taken up here; false when it is done already.</summary>
    private async Task<bool> ClaimAsync(string key, CancellationToken ct)
    {
        for (var waits = 0; ; waits++)
        {
            EventClaim claim;
            try
            {
                claim = await answered.TryClaimAsync(key, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Why answer anyway: the event reached this process, which owns its shard; only a replay elsewhere could repeat it.
                DurabilityLog.EventStateNotSaved(logger, e, key);
                return true;
            }
            if (claim != EventClaim.HeldElsewhere) return claim == EventClaim.Taken;
            // Why wait: the process holding it is live; it finishes (done) or dies (its row is then free to take).
            if (waits == 0) DurabilityLog.HeldElsewhere(logger, key);
            await Task.Delay(options.Value.ShardLeaseInterval, ct).ConfigureAwait(false);
        }
    }

    private async Task FinishAsync(string key, bool done, DispatchReceipt? receipt)
    {
        try
        {
            if (!done)
            {
                await answered.ReleaseAsync(key, CancellationToken.None).ConfigureAwait(false);
                return; // the receipt stays held: the session is saved before the event
            }
            if (!await answered.CompleteAsync(key, CancellationToken.None).ConfigureAwait(false)) DurabilityLog.TakenOverWhileAnswering(logger, key);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Still done here: the checkpoint passes it; only another delivery of the event would find its row not done.
            DurabilityLog.EventStateNotSaved(logger, e, key);
        }
        if (done) receipt?.Release();
    }

    /// <summary>Lets answers in progress finish (up to <paramref name="grace"/>), then cancels the rest.</summary>
    public Task DrainAsync(TimeSpan grace, CancellationToken cancellationToken) => work.DrainAsync(grace, cancellationToken);
}
