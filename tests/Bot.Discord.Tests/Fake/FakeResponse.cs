namespace Bot.Discord.Tests.Fake;

/// <summary>A scripted REST answer (429, 5xx, 404 …) a test substitutes for the normal one.</summary>
public sealed record FakeResponse(int Status, string Body = "", IReadOnlyDictionary<string, string>? Headers = null)
{
    public static FakeResponse RateLimited(double retryAfter, bool global = false) => new(429,
        $$"""{"message":"You are being rate limited.","retry_after":{{retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"global":{{(global ? "true" : "false")}}}""",
        new Dictionary<string, string>
        {
            ["Retry-After"] = Math.Ceiling(retryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["X-RateLimit-Scope"] = global ? "global" : "user",
            [global ? "X-RateLimit-Global" : "X-RateLimit-Remaining"] = global ? "true" : "0",
        });

    public static FakeResponse Error(int status, int code = 0, string message = "error") => new(status, $$"""{"code":{{code}},"message":"{{message}}"}""");
}
