namespace Bot.Discord.Rest;

/// <summary>Which mentions in a message may ping. <see cref="None"/> (parse: []) is sent with every message we write.</summary>
public sealed record AllowedMentions(IReadOnlyList<string> Parse, bool RepliedUser = false)
{
    public static AllowedMentions None { get; } = new([]);
}
