using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Bot.Testing;

/// <summary>
/// A loopback OpenAI-compatible chat-completions endpoint (POST …/chat/completions, JSON or SSE streaming) whose
/// replies come from a script, so tests drive faithful, paraphrasing, inventing, failing and slow "models".
/// </summary>
public sealed class FakeChatServer : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly Func<ChatCall, FakeReply> _script;

    public FakeChatServer(Func<ChatCall, FakeReply> script)
    {
        _script = script;
        _server = new LoopbackHttpServer(HandleAsync);
    }

    /// <summary>The endpoint to configure: http://127.0.0.1:PORT/v1.</summary>
    public string Endpoint => new Uri(_server.BaseUri, "v1").ToString();

    public Uri BaseUri => _server.BaseUri;

    public ConcurrentQueue<ChatCall> Calls { get; } = new();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(RecordedRequest request, HttpResponse response)
    {
        var call = Parse(request);
        Calls.Enqueue(call);
        await ReplyAsync(_script(call), call, response);
    }

    private static async Task ReplyAsync(FakeReply reply, ChatCall call, HttpResponse response)
    {
        switch (reply)
        {
            case FakeReply.DelayReply d:
                await Task.Delay(d.Wait, response.HttpContext.RequestAborted);
                await ReplyAsync(d.Then, call, response);
                break;
            case FakeReply.StatusReply s:
                if (s.RetryAfterSeconds is { } after) response.Headers.RetryAfter = after.ToString(CultureInfo.InvariantCulture);
                await LoopbackHttpServer.WriteAsync(response, s.Code, """{"error":{"message":"scripted failure","type":"server_error"}}""");
                break;
            case FakeReply.RawReply r:
                await LoopbackHttpServer.WriteAsync(response, 200, r.Body, r.ContentType);
                break;
            case FakeReply.TextReply t when call.Stream:
                await StreamAsync(response, t.Content);
                break;
            case FakeReply.TextReply t:
                await LoopbackHttpServer.WriteAsync(response, 200, Completion(t.Content));
                break;
            default:
                throw new InvalidOperationException("unknown reply " + reply);
        }
    }

    private static string Completion(string content) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-fake",
        @object = "chat.completion",
        created = 1_700_000_000,
        model = "fake-model",
        choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
        usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
    });

    // Server-sent events, a few words per chunk, flushed one by one like a real model.
    private static async Task StreamAsync(HttpResponse response, string content)
    {
        response.StatusCode = 200;
        response.ContentType = "text/event-stream";
        // No Content-Length: Kestrel sends the body chunked, and each FlushAsync puts an event on the wire.
        var output = response.Body;
        var aborted = response.HttpContext.RequestAborted;
        var pieces = Pieces(content).ToList();
        for (int i = 0; i < pieces.Count; i++)
        {
            var delta = i == 0 ? (object)new { role = "assistant", content = pieces[i] } : new { content = pieces[i] };
            await WriteEventAsync(output, Chunk(delta, null), aborted);
        }
        await WriteEventAsync(output, Chunk(new { }, "stop"), aborted);
        await WriteEventAsync(output, "[DONE]", aborted);
        await response.CompleteAsync();
    }

    private static string Chunk(object delta, string? finish) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-fake",
        @object = "chat.completion.chunk",
        created = 1_700_000_000,
        model = "fake-model",
        choices = new[] { new { index = 0, delta, finish_reason = finish } },
    });

    private static async Task WriteEventAsync(Stream output, string data, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Encoding.UTF8.GetBytes("data: " + data + "\n\n"), cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private static IEnumerable<string> Pieces(string content)
    {
        var words = content.Split(' ');
        for (int i = 0; i < words.Length; i += 3) yield return string.Join(' ', words.Skip(i).Take(3)) + (i + 3 < words.Length ? " " : "");
    }

    private static ChatCall Parse(RecordedRequest request)
    {
        var messages = new List<(string, string)>();
        bool stream = false;
        try
        {
            using var doc = JsonDocument.Parse(request.Body);
            stream = doc.RootElement.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
            if (doc.RootElement.TryGetProperty("messages", out var list))
            {
                foreach (var m in list.EnumerateArray())
                {
                    var role = m.GetProperty("role").GetString() ?? "";
                    var content = m.GetProperty("content");
                    var text = content.ValueKind == JsonValueKind.String ? content.GetString() ?? ""
                        : string.Concat(content.EnumerateArray().Select(p => p.TryGetProperty("text", out var t) ? t.GetString() : ""));
                    messages.Add((role, text));
                }
            }
        }
        catch (JsonException)
        {
        }
        return new ChatCall(request.Path, request.Headers, request.Body, stream, messages);
    }
}
