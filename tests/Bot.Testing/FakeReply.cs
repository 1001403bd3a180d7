namespace Bot.Testing;

/// <summary>What the fake chat endpoint does with one request.</summary>
public abstract record FakeReply
{
    /// <summary>A normal completion with this assistant text (JSON, or SSE chunks when the request streams).</summary>
    public static FakeReply Text(string content) => new TextReply(content);

    /// <summary>An error status (e.g. 429 with Retry-After, 503).</summary>
    public static FakeReply Status(int status, double? retryAfterSeconds = null) => new StatusReply(status, retryAfterSeconds);

    /// <summary>Waits, then does <paramref name="then"/> (a slow or hung server).</summary>
    public static FakeReply Delay(TimeSpan wait, FakeReply then) => new DelayReply(wait, then);

    /// <summary>A 200 with this raw body (malformed JSON and the like).</summary>
    public static FakeReply Raw(string body, string contentType = "application/json") => new RawReply(body, contentType);

    internal sealed record TextReply(string Content) : FakeReply;

    internal sealed record StatusReply(int Code, double? RetryAfterSeconds) : FakeReply;

    internal sealed record DelayReply(TimeSpan Wait, FakeReply Then) : FakeReply;

    internal sealed record RawReply(string Body, string ContentType) : FakeReply;
}
