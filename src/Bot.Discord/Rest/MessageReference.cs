namespace Bot.Discord.Rest;

/// <summary>Makes a message a reply; fail_if_not_exists=false so a deleted question still gets its answer.</summary>
public sealed record MessageReference(string MessageId, bool FailIfNotExists = false);
