using System.Net;

namespace Bot.Discord.Rest;

/// <summary>A REST call Discord refused or could not serve; <see cref="Code"/> is Discord's JSON error code when given.</summary>
public sealed class DiscordApiException : Exception
{
    public DiscordApiException() { }

    public DiscordApiException(string message) : base(message) { }

    public DiscordApiException(string message, Exception inner) : base(message, inner) { }

    public DiscordApiException(string message, HttpStatusCode? status, int? code, Exception? inner = null) : base(message, inner)
    {
        Status = status;
        Code = code;
    }

    public HttpStatusCode? Status { get; }

    public int? Code { get; }
}
