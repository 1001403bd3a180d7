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
                work.Run(async ct =>
                {
                    if (await answered.TryClaimAsync($"m{message.Id}", ct).ConfigureAwait(false)) await messages.AnswerAsync(message, BotUserId, ct).ConfigureAwait(false);
                    else Log.MessageRedelivered(logger, message.Id);
                });
                break;
            case "INTERACTION_CREATE":
                var interaction = DiscordInteraction.Parse(dispatch.Data);
                if (interaction.Type != DiscordInteraction.ApplicationCommand) break;
                if (!_seen.TryAdd($"i{interaction.Id}"))
                {
                    Log.InteractionRedelivered(logger, interaction.Id);
                    break;
                }
                work.Run(async ct =>
                {
                    if (await answered.TryClaimAsync($"i{interaction.Id}", ct).ConfigureAwait(false)) await commands.HandleAsync(interaction, ct).ConfigureAwait(false);
                    else Log.InteractionRedelivered(logger, interaction.Id);
                });
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

    /// <summary>Lets answers in progress finish (up to <paramref name="grace"/>), then cancels the rest.</summary>
    public Task DrainAsync(TimeSpan grace, CancellationToken cancellationToken) => work.DrainAsync(grace, cancellationToken);
}
