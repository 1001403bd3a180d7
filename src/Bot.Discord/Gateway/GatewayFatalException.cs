namespace Bot.Discord.Gateway;

/// <summary>The gateway refused the bot in a way reconnecting cannot fix (4004, 4010–4014, a rejected token).</summary>
public sealed class GatewayFatalException : Exception
{
    public GatewayFatalException() { }

    public GatewayFatalException(string message) : base(message) { }

    public GatewayFatalException(string message, Exception inner) : base(message, inner) { }

    public GatewayFatalException(int? closeCode, string message, Exception? inner = null) : base(message, inner) => CloseCode = closeCode;

    public int? CloseCode { get; }
}
