namespace Bot.Discord.Rest;

/// <summary>Body of a message create/edit, a webhook follow-up or interaction response data.</summary>
public sealed record OutgoingMessage(string Content, AllowedMentions AllowedMentions, MessageReference? MessageReference = null, int? Flags = null)
{
    /// <summary>Create Message only: a value (up to 25 characters) that, with <see cref="EnforceNonce"/>, makes the create idempotent.</summary>
    public string? Nonce { get; init; }

    /// <summary>Create Message only: when true and <see cref="Nonce"/> is set, Discord returns the message the bot already created with that nonce in the past few minutes instead of creating another.</summary>
    public bool? EnforceNonce { get; init; }

    public const int EphemeralFlag = 1 << 6;

    public static OutgoingMessage Text(string content, MessageReference? replyTo = null, bool ephemeral = false) =>
        new(content, AllowedMentions.None, replyTo, ephemeral ? EphemeralFlag : null);
}
