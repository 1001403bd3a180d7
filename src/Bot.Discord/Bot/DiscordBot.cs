using Bot.Discord.Gateway;
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
                break;
            case "MESSAGE_CREATE":
                var message = DiscordMessage.Parse(dispatch.Data);
                if (!MessageHandler.ShouldAnswer(message, BotUserId)) break;
                if (!_seen.TryAdd($"m{message.Id}"))
                {
                    Log.MessageRedelivered(logger, message.Id);
                    break;
                }
                work.Run(ct => messages.AnswerAsync(message, BotUserId, ct));
                break;
            case "INTERACTION_CREATE":
                var interaction = DiscordInteraction.Parse(dispatch.Data);
                if (interaction.Type != DiscordInteraction.ApplicationCommand) break;
                if (!_seen.TryAdd($"i{interaction.Id}"))
                {
                    Log.InteractionRedelivered(logger, interaction.Id);
                    break;
                }
                work.Run(ct => commands.HandleAsync(interaction, ct));
                break;
            case "MESSAGE_REACTION_ADD" when feedback is { Enabled: true }:
                var reaction = DiscordReaction.Parse(dispatch.Data);
                work.Run(ct => feedback.HandleReactionAsync(reaction, BotUserId, ct));
                break;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Lets answers in progress finish (up to <paramref name="grace"/>), then cancels the rest.</summary>
    public Task DrainAsync(TimeSpan grace, CancellationToken cancellationToken) => work.DrainAsync(grace, cancellationToken);
}
