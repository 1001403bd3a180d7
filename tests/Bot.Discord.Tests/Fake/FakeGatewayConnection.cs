using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Bot.Discord.Tests.Fake;

/// <summary>One gateway WebSocket the bot opened to the fake.</summary>
public sealed class FakeGatewayConnection(int index, WebSocket socket, HttpContext context, bool viaResumeUrl, string query, TimeSpan openedAt)
{
    private readonly SemaphoreSlim _send = new(1, 1);

    public int Index { get; } = index;

    public bool ViaResumeUrl { get; } = viaResumeUrl;

    public string Query { get; } = query;

    public TimeSpan OpenedAt { get; } = openedAt;

    /// <summary>The User-Agent of the WebSocket handshake.</summary>
    public string? UserAgent { get; } = context.Request.Headers.UserAgent.FirstOrDefault();

    public TimeSpan? HelloAt { get; set; }

    /// <summary>The shard this connection identified or resumed as (-1 before).</summary>
    public int Shard { get; set; } = -1;

    public int ShardCount { get; set; }

    /// <summary>Identified or resumed: dispatches are delivered to it.</summary>
    public bool Live { get; set; }

    /// <summary>Withhold ACKs and dispatches: a connection that went silent (zombie) without closing.</summary>
    public bool Silent { get; set; }

    public int? ClientCloseCode { get; set; }

    public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal WebSocket Socket => socket;

    /// <summary>Sends one message, split into frames of <paramref name="chunk"/> bytes (the bot must reassemble them).</summary>
    public async Task SendAsync(string json, int chunk)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        await _send.WaitAsync();
        try
        {
            for (var offset = 0; offset < bytes.Length || offset == 0; offset += chunk)
            {
                var count = Math.Min(chunk, bytes.Length - offset);
                await socket.SendAsync(bytes.AsMemory(offset, count), WebSocketMessageType.Text, offset + count >= bytes.Length, CancellationToken.None);
                if (bytes.Length == 0) break;
            }
        }
        finally
        {
            _send.Release();
        }
    }

    public async Task CloseAsync(int code)
    {
        await _send.WaitAsync();
        try
        {
            if (socket.State == WebSocketState.Open) await socket.CloseOutputAsync((WebSocketCloseStatus)code, "fake close", CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>Drops the TCP connection without a close frame.</summary>
    public void Drop()
    {
        if (Ended.Task.IsCompleted) return;
        try
        {
            context.Abort();
        }
        catch (ObjectDisposedException)
        {
            // The request already finished.
        }
    }
}
