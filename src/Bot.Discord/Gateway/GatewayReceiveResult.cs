namespace Bot.Discord.Gateway;

/// <summary>One complete gateway message (possibly reassembled from several frames), or the close the server sent.</summary>
internal sealed record GatewayReceiveResult(string? Text, int? CloseCode, string? CloseReason)
{
    public bool IsClose => Text is null;
}
