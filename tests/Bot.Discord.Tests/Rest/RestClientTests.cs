using System.Net;
using Bot.Discord.Rest;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Tests.Rest;

[Integration(TestCategory.Server)]
public sealed class RestClientTests
{
    private static DiscordRestClient Client(FakeDiscord fake, int globalPerSecond = 50) => new(new HttpClient(),
        Options.Create(new DiscordOptions
        {
            Token = fake.Token,
            ApiBaseUrl = fake.ApiBase,
            RestRetryDelay = TimeSpan.FromMilliseconds(50),
            MaxRestRetries = 3,
            GlobalRequestsPerSecond = globalPerSecond,
        }),
        NullLogger<DiscordRestClient>.Instance);

    private static Task Send(DiscordRestClient client, ulong channel, string text = "hi") =>
        client.CreateMessageAsync(channel, OutgoingMessage.Text(text), CancellationToken.None);

    [Theory]
    [InlineData(2, 0)]
    [InlineData(1, -1)]
    public async Task Two_processes_dividing_the_budget_stay_under_the_global_limit_together(int restProcesses, int expectedViolations)
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.GlobalLimit = 50;
        DiscordRestClient Process() => new(new HttpClient(), Options.Create(new DiscordOptions
        {
            Token = fake.Token,
            ApiBaseUrl = fake.ApiBase,
            RestProcesses = restProcesses, // the default budget, 45 a second, divided between them
        }), NullLogger<DiscordRestClient>.Instance);
        using var a = Process();
        using var b = Process();
        // 60 requests each, every one in a channel of its own (no route bucket slows them): only the global cap paces them.
        await Task.WhenAll(Enumerable.Range(0, 120).Select(i => Send(i % 2 == 0 ? a : b, 10_000 + (ulong)i)));
        Assert.Equal(120, fake.Calls("POST", "/channels/{channel_id}/messages").Count(c => c.Status == 200));
        if (expectedViolations >= 0) Assert.Equal(expectedViolations, fake.GlobalViolations);
        else Assert.True(fake.GlobalViolations > 0, "the peer: two processes each at the whole budget (90 a second) exceed 50 together");
    }

    [Fact]
    public async Task Route_429_retry_after_is_honoured_before_the_same_request_is_retried()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var limited = 0;
        fake.Intercept = c => c.Template.EndsWith("/messages", StringComparison.Ordinal) && Interlocked.Increment(ref limited) == 1 ? FakeResponse.RateLimited(0.4) : null;
        using var client = Client(fake);
        await Send(client, 1);
        var calls = fake.Calls("POST", "/channels/{channel_id}/messages").ToList();
        Assert.Equal([429, 200], calls.Select(c => c.Status));
        Assert.True((calls[1].At - calls[0].At).TotalMilliseconds >= 390, $"retried after {(calls[1].At - calls[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Global_429_pauses_every_route()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var first = 0;
        fake.Intercept = c => c.Major == "1" && Interlocked.Increment(ref first) == 1 ? FakeResponse.RateLimited(0.5, global: true) : null;
        using var client = Client(fake);
        await Send(client, 1);
        var limitedAt = fake.Calls("POST", "/channels/{channel_id}/messages").First().At;
        await Task.WhenAll(Send(client, 2), Send(client, 3), client.TriggerTypingAsync(4, CancellationToken.None));
        var others = fake.Rest.Where(c => c.Major is "2" or "3" or "4").ToList();
        Assert.Equal(3, others.Count);
        Assert.All(others, c => Assert.True((c.At - limitedAt).TotalMilliseconds >= 490, $"{c.Path} sent {(c.At - limitedAt).TotalMilliseconds} ms after the global 429"));
    }

    [Fact]
    public async Task Requests_wait_for_an_exhausted_bucket_to_reset_instead_of_hitting_it()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.RouteLimit = 2;
        fake.RouteWindow = TimeSpan.FromMilliseconds(500);
        using var client = Client(fake);
        var started = fake.Now;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Send(client, 7, $"m{i}")).Concat(Enumerable.Range(0, 4).Select(i => Send(client, 8, $"n{i}"))));
        Assert.True(fake.Violations == 0, string.Join("\n", fake.ViolationLog.Concat(fake.Rest.Select(c => $"{c.Path} {c.Status} at {c.At.TotalMilliseconds:F1}"))));
        Assert.All(fake.Rest, c => Assert.Equal(200, c.Status));
        Assert.True((fake.Now - started).TotalMilliseconds >= 1400); // 8 requests at 2 per 500 ms in channel 7
    }

    [Fact]
    public async Task Bucket_hash_learned_from_headers_is_keyed_by_major_parameter()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.RouteLimit = 1;
        fake.RouteWindow = TimeSpan.FromMilliseconds(600);
        using var client = Client(fake);
        await Send(client, 1);
        var started = fake.Now;
        await Send(client, 2); // same route and bucket hash, other channel: its own bucket, no wait
        Assert.True((fake.Now - started).TotalMilliseconds < 400);
        await Send(client, 1); // channel 1's bucket is exhausted: waits for its reset
        Assert.Equal(0, fake.Violations);
    }

    [Fact]
    public async Task Server_errors_are_retried_a_bounded_number_of_times()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.Intercept = c => FakeResponse.Error(502, 0, "Bad Gateway");
        using var client = Client(fake);
        var e = await Assert.ThrowsAsync<DiscordApiException>(() => Send(client, 1));
        Assert.Equal(HttpStatusCode.BadGateway, e.Status);
        Assert.Equal(4, fake.Rest.Count); // the first try and 3 retries
    }

    [Fact]
    public async Task A_transient_500_is_retried_and_succeeds()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var n = 0;
        fake.Intercept = c => Interlocked.Increment(ref n) == 1 ? FakeResponse.Error(500) : null;
        using var client = Client(fake);
        await Send(client, 1);
        Assert.Equal([500, 200], fake.Rest.Select(c => c.Status));
    }

    [Theory]
    [InlineData(403, 50013)]
    [InlineData(404, 10003)]
    [InlineData(400, 50035)]
    public async Task Client_errors_are_not_retried_and_report_Discord_error_code(int status, int code)
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.Intercept = c => FakeResponse.Error(status, code, "nope");
        using var client = Client(fake);
        var e = await Assert.ThrowsAsync<DiscordApiException>(() => Send(client, 1));
        Assert.Equal(code, e.Code);
        Assert.Single(fake.Rest);
    }

    [Fact]
    public async Task After_a_401_the_token_is_not_used_again()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.Intercept = c => FakeResponse.Error(401, 0, "401: Unauthorized");
        using var client = Client(fake);
        await Assert.ThrowsAsync<DiscordApiException>(() => Send(client, 1));
        await Assert.ThrowsAsync<DiscordApiException>(() => Send(client, 2));
        Assert.Single(fake.Rest);
        Assert.Equal(1, client.InvalidRequests);
    }

    [Fact]
    public async Task Interaction_callbacks_and_webhooks_carry_no_Authorization_and_skip_the_global_cap()
    {
        await using var fake = await FakeDiscord.StartAsync();
        using var client = Client(fake, globalPerSecond: 1);
        await Send(client, 1);
        var started = fake.Now;
        await client.RespondToInteractionAsync(5, "tok", InteractionResponse.Deferred(), CancellationToken.None);
        await client.EditOriginalResponseAsync(6, "tok", OutgoingMessage.Text("x"), CancellationToken.None);
        Assert.True((fake.Now - started).TotalMilliseconds < 500);
        Assert.All(fake.Rest.Where(c => c.Template.StartsWith("/interactions", StringComparison.Ordinal) || c.Template.StartsWith("/webhooks", StringComparison.Ordinal)),
            c => Assert.Null(c.Authorization));
        Assert.Equal("""{"type":5}""", fake.Calls("POST", "/interactions/{interaction_id}/{token}/callback").Single().Body);
    }

    [Fact]
    public async Task Every_message_body_disables_mention_parsing()
    {
        await using var fake = await FakeDiscord.StartAsync();
        using var client = Client(fake);
        await client.CreateMessageAsync(1, OutgoingMessage.Text("@everyone hi", new MessageReference("42")), CancellationToken.None);
        var body = fake.Rest.Single().Json;
        Assert.Equal(0, body.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        Assert.Equal("42", body.GetProperty("message_reference").GetProperty("message_id").GetString());
        Assert.False(body.GetProperty("message_reference").GetProperty("fail_if_not_exists").GetBoolean());
    }
}
