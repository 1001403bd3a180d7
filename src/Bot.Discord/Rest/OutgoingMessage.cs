namespace Bot.Discord.Rest;

/// <summary>Body of a message create/edit, a webhook follow-up or interaction response data.</summary>
public sealed record OutgoingMessage(string Content, AllowedMentions AllowedMentions, MessageReference? MessageReference = null, int? Flags = null)
{
    public const int EphemeralFlag = 1 << 6;

    public static OutgoingMessage Text(string content, MessageReference? replyTo = null, bool ephemeral = false) =>
        new(content, AllowedMentions.None, replyTo, ephemeral ? EphemeralFlag : null);
}
