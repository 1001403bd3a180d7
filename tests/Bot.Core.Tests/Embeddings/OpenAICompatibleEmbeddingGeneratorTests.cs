using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Bot.Core.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Tests.Embeddings;

[Integration(TestCategory.Server)]
public sealed class OpenAICompatibleEmbeddingGeneratorTests
{
    private const string Secret = "sk-test-very-secret-key";

    private static EmbeddingOptions Options(string endpoint, Action<EmbeddingOptions>? change = null)
    {
        var options = new EmbeddingOptions
        {
            Provider = EmbeddingProvider.OpenAI,
            Endpoint = endpoint,
            ApiKey = Secret,
            Model = "text-embedding-3-small",
            BatchSize = 2,
            MaxRetries = 3,
            MaxRetryDelaySeconds = 5,
            RequestTimeoutSeconds = 10,
        };
        change?.Invoke(options);
        return options;
    }

    [Fact]
    public async Task Inputs_are_sent_in_batches_and_come_back_in_order()
    {
        await using var server = new FakeOpenAIEmbeddingsServer();
        using var generator = new OpenAICompatibleEmbeddingGenerator(Options(server.Endpoint));
        string[] texts = ["alpha", "beta", "a banana", "delta", "epsilon"];

        var result = await generator.GenerateAsync(texts, cancellationToken: TestTimeout.Token());

        Assert.Equal(texts.Length, result.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(FakeOpenAIEmbeddingsServer.VectorFor(texts[i], 3), result[i].Vector.ToArray());
        }

        var requests = server.Requests.ToList();
        Assert.Equal(3, requests.Count);
        Assert.Equal([2, 2, 1], requests.Select(r => JsonNode.Parse(r.Body)!["input"]!.AsArray().Count));
        Assert.All(requests, r => Assert.Equal("/v1/embeddings", r.Path));
        Assert.All(requests, r => Assert.Equal($"Bearer {Secret}", r.Headers["Authorization"]));
        Assert.All(requests, r => Assert.Equal("text-embedding-3-small", JsonNode.Parse(r.Body)!["model"]!.GetValue<string>()));
        Assert.Equal(texts.Length, result.Usage?.InputTokenCount - 1); // "a banana" is two tokens in the fake's count.
    }

    [Fact]
    public async Task A_429_is_retried_after_the_time_retry_after_asks_for()
    {
        await using var server = new FakeOpenAIEmbeddingsServer();
        server.Script[1] = response =>
        {
            response.Headers["Retry-After"] = "1";
            return LoopbackHttpServer.WriteAsync(response, 429, """{"error":{"message":"Rate limit reached","type":"requests"}}""");
        };
        using var generator = new OpenAICompatibleEmbeddingGenerator(Options(server.Endpoint));
        var clock = Stopwatch.StartNew();

        var result = await generator.GenerateAsync(["alpha"], cancellationToken: TestTimeout.Token());

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"Retried after {clock.Elapsed.TotalMilliseconds} ms; Retry-After asked for 1 s.");
        Assert.Equal(FakeOpenAIEmbeddingsServer.VectorFor("alpha", 3), result[0].Vector.ToArray());
        Assert.Equal(2, server.Requests.Count());
    }

    [Fact]
    public async Task A_503_is_retried_with_back_off()
    {
        await using var server = new FakeOpenAIEmbeddingsServer();
        server.Script[1] = response => LoopbackHttpServer.WriteAsync(response, 503, "overloaded", "text/plain");
        server.Script[2] = response => LoopbackHttpServer.WriteAsync(response, 502, "bad gateway", "text/plain");
        using var generator = new OpenAICompatibleEmbeddingGenerator(Options(server.Endpoint, o => o.MaxRetryDelaySeconds = 0.05));

        var result = await generator.GenerateAsync(["alpha"], cancellationToken: TestTimeout.Token());

        Assert.Single(result);
        Assert.Equal(3, server.Requests.Count());
    }

    [Fact]
    public async Task Endless_rate_limiting_gives_up_with_a_clear_error()
    {
        await using var server = new FakeOpenAIEmbeddingsServer
        {
            Always = (_, response) =>
            {
                response.Headers["retry-after-ms"] = "10";
                return LoopbackHttpServer.WriteAsync(response, 429, """{"error":{"message":"Rate limit reached"}}""");
            },
        };
        using var generator = new OpenAICompatibleEmbeddingGenerator(Options(server.Endpoint, o => o.MaxRetries = 2));

        var ex = await Assert.ThrowsAsync<EmbeddingEndpointException>(() => generator.GenerateAsync(["alpha"], cancellationToken: TestTimeout.Token()));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Contains("HTTP 429", ex.Message, StringComparison.Ordinal);
        Assert.Contains("BatchSize", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count());
    }

    [Fact]
    public async Task A_dead_endpoint_fails_with_a_clear_error()
    {
        using var dead = new DeadPort();
        var endpoint = $"http://127.0.0.1:{dead.Port}/v1";
        using var generator = new OpenAICompatibleEmbeddingGenerator(Options(endpoint, o => { o.MaxRetries = 1; o.MaxRetryDelaySeconds = 0.05; }));

        var ex = await Assert.ThrowsAsync<EmbeddingEndpointException>(() => generator.GenerateAsync(["alpha"], cancellationToken: TestTimeout.Token()));

        Assert.Null(ex.StatusCode);
        Assert.Contains("could not be reached", ex.Message, StringComparison.Ordinal);
        Assert.Contains(endpoint, ex.Message, StringComparison.Ordinal);
        Assert.Contains("Bot:Embeddings:Endpoint", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_key_points_at_the_setting_and_the_key_is_never_logged_or_shown()
    {
        await using var server = new FakeOpenAIEmbeddingsServer
        {
            // Some servers echo the key they rejected.
            Always = (_, response) => LoopbackHttpServer.WriteAsync(response, 401, "{\"error\":{\"message\":\"Incorrect API key provided: " + Secret + "\"}}"),
        };
        using var logs = new RecordingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        using var generator = new OpenAICompatibleEmbeddingGenerator(Options(server.Endpoint), loggerFactory);

        var ex = await Assert.ThrowsAsync<EmbeddingEndpointException>(() => generator.GenerateAsync(["alpha"], cancellationToken: TestTimeout.Token()));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Contains("Bot:Embeddings:ApiKey", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
        Assert.NotEmpty(logs.Messages);
        Assert.All(logs.Messages, m => Assert.DoesNotContain(Secret, m, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Configured_dimensions_are_requested_and_checked()
    {
        await using var server = new FakeOpenAIEmbeddingsServer();
        using var generator = new OpenAICompatibleEmbeddingGenerator(Options(server.Endpoint, o => o.Dimensions = 5));

        var result = await generator.GenerateAsync(["alpha"], cancellationToken: TestTimeout.Token());

        Assert.Equal(5, result[0].Vector.Length);
        Assert.Equal(5, JsonNode.Parse(server.Requests.Single().Body)!["dimensions"]!.GetValue<int>());

        server.ReturnDimensions = 4;
        var ex = await Assert.ThrowsAsync<EmbeddingEndpointException>(() => generator.GenerateAsync(["beta"], cancellationToken: TestTimeout.Token()));
        Assert.Contains("Dimensions is 5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_local_server_without_a_key_is_supported()
    {
        await using var server = new FakeOpenAIEmbeddingsServer();
        using var generator = new OpenAICompatibleEmbeddingGenerator(Options(server.Endpoint, o => { o.ApiKey = null; o.Model = "nomic-embed-text"; }));

        var result = await generator.GenerateAsync(["alpha", "beta"], cancellationToken: TestTimeout.Token());

        Assert.Equal(2, result.Count);
        Assert.Equal("nomic-embed-text", generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
    }

    [Fact]
    public async Task The_server_error_message_is_passed_on()
    {
        await using var server = new FakeOpenAIEmbeddingsServer
        {
            Always = (_, response) => LoopbackHttpServer.WriteAsync(response, 400, """{"error":{"message":"input is too long for this model"}}"""),
        };
        using var generator = new OpenAICompatibleEmbeddingGenerator(Options(server.Endpoint));

        var ex = await Assert.ThrowsAsync<EmbeddingEndpointException>(() => generator.GenerateAsync(["alpha"], cancellationToken: TestTimeout.Token()));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.EndsWith("failed with HTTP 400: input is too long for this model.", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_dead_endpoint_message_reads_as_sentences()
    {
        using var dead = new DeadPort();
        var endpoint = $"http://127.0.0.1:{dead.Port}/v1";
        using var generator = new OpenAICompatibleEmbeddingGenerator(Options(endpoint, o => o.MaxRetries = 0));

        var ex = await Assert.ThrowsAsync<EmbeddingEndpointException>(() => generator.GenerateAsync(["alpha"], cancellationToken: TestTimeout.Token()));

        Assert.Matches(@"could not be reached: [^\n]+\. Is the server running and Bot:Embeddings:Endpoint right\?$", ex.Message);
    }
}
