using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Bot.Core.Tests.Embeddings;

/// <summary>
/// A loopback stand-in for an OpenAI-compatible <c>POST /v1/embeddings</c>. The vector for a text is
/// <see cref="VectorFor"/> (so tests know what to expect); <see cref="Script"/> can replace the answer to the n-th request
/// (e.g. with a 429) before the normal answer is given.
/// </summary>
internal sealed class FakeOpenAIEmbeddingsServer : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;
    private int _count;

    public FakeOpenAIEmbeddingsServer() => _server = new LoopbackHttpServer(HandleAsync);

    /// <summary>Base URL as configured in Bot:Embeddings:Endpoint.</summary>
    public string Endpoint => _server.BaseUri + "v1";

    public IEnumerable<RecordedRequest> Requests => _server.Requests;

    /// <summary>Per-request overrides: request number (1-based) → writes the response; null falls through to the normal answer.</summary>
    public ConcurrentDictionary<int, Func<HttpResponse, Task>> Script { get; } = new();

    /// <summary>Override for every request (after <see cref="Script"/>).</summary>
    public Func<RecordedRequest, HttpResponse, Task>? Always { get; set; }

    /// <summary>Returned dimension count when the request does not ask for one.</summary>
    public int NativeDimensions { get; set; } = 3;

    /// <summary>Forces the returned dimension count regardless of the request.</summary>
    public int? ReturnDimensions { get; set; }

    public static float[] VectorFor(string text, int dimensions) =>
        Enumerable.Range(0, dimensions).Select(i => text.Length + (i * 0.5f) + text.Count(c => c == 'a')).ToArray();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(RecordedRequest request, HttpResponse response)
    {
        var number = Interlocked.Increment(ref _count);
        if (Script.TryGetValue(number, out var scripted))
        {
            await scripted(response);
            return;
        }

        if (Always is not null)
        {
            await Always(request, response);
            return;
        }

        if (request.Method != "POST" || request.Path != "/v1/embeddings")
        {
            await LoopbackHttpServer.WriteAsync(response, 404, """{"error":{"message":"not found"}}""");
            return;
        }

        var body = JsonNode.Parse(request.Body)!;
        var inputs = body["input"] is JsonArray array ? array.Select(n => n!.GetValue<string>()).ToList() : [body["input"]!.GetValue<string>()];
        var dimensions = ReturnDimensions ?? body["dimensions"]?.GetValue<int>() ?? NativeDimensions;
        var base64 = body["encoding_format"]?.GetValue<string>() == "base64";
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = VectorFor(inputs[i], dimensions);
            JsonNode embedding = base64
                ? JsonValue.Create(Convert.ToBase64String(vector.SelectMany(BitConverter.GetBytes).ToArray()))
                : new JsonArray(vector.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }

        var tokens = inputs.Sum(t => t.Split(' ').Length);
        var answer = new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = body["model"]!.GetValue<string>(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        };
        await LoopbackHttpServer.WriteAsync(response, 200, answer.ToJsonString(JsonSerializerOptions.Default));
    }
}
