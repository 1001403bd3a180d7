namespace Bot.Discord.Bot;

/// <summary>What the host reports after the bot stopped: why it stopped if it was not asked to.</summary>
public sealed class DiscordBotStatus
{
    private volatile string? _fatalError;

    /// <summary>Set when the gateway refused the bot (e.g. 4004 invalid token, 4014 disallowed intents).</summary>
    public string? FatalError
    {
        get => _fatalError;
        set => _fatalError = value;
    }

    public int? FatalCloseCode { get; set; }
}
