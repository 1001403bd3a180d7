namespace Bot.Discord.Rest;

/// <summary>Interaction callback body: type 4 (message) or 5 (deferred, "thinking…").</summary>
public sealed record InteractionResponse(int Type, OutgoingMessage? Data = null)
{
    public const int ChannelMessageWithSource = 4;
    public const int DeferredChannelMessageWithSource = 5;

    public static InteractionResponse Deferred() => new(DeferredChannelMessageWithSource);

    public static InteractionResponse Message(OutgoingMessage message) => new(ChannelMessageWithSource, message);
}
