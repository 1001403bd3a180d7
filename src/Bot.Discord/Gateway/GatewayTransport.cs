using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace Bot.Discord.Gateway;

/// <summary>
/// The WebSocket layer: connect, receive whole messages (frames are buffered until EndOfMessage), send serialised text,
/// close with a chosen code. One send at a time (heartbeats and the reader both send).
/// </summary>
internal sealed class GatewayTransport : IAsyncDisposable
{
    /// <summary>Gateway payloads we send must stay within 4096 bytes (else close 4002).</summary>
    public const int MaxSendBytes = 4096;

    private const int MaxReceiveBytes = 64 * 1024 * 1024;
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _message = new(64 * 1024);
    private readonly byte[] _buffer = new byte[16 * 1024];

    public async Task ConnectAsync(Uri uri, string userAgent, TimeSpan timeout, CancellationToken ct)
    {
        _socket.Options.SetRequestHeader("User-Agent", userAgent);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        await _socket.ConnectAsync(uri, cts.Token).ConfigureAwait(false);
    }

    /// <exception cref="WebSocketException">The connection dropped without a close frame.</exception>
    public async Task<GatewayReceiveResult> ReceiveAsync(CancellationToken ct)
    {
        _message.ResetWrittenCount();
        while (true)
        {
            var result = await _socket.ReceiveAsync(_buffer.AsMemory(), ct).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
                return new GatewayReceiveResult(null, (int?)_socket.CloseStatus, _socket.CloseStatusDescription);
            if (_message.WrittenCount + result.Count > MaxReceiveBytes)
                throw new WebSocketException(WebSocketError.Faulted, "gateway message over 64 MiB");
            _message.Write(_buffer.AsSpan(0, result.Count));
            if (result.EndOfMessage) return new GatewayReceiveResult(Encoding.UTF8.GetString(_message.WrittenSpan), null, null);
        }
    }

    public async Task SendAsync(string json, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        if (bytes.Length > MaxSendBytes) throw new InvalidOperationException($"gateway payload of {bytes.Length} bytes exceeds {MaxSendBytes}");
        await _sendLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, ct).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a close frame (best effort, bounded) without waiting for the reader; the socket is aborted on dispose.</summary>
    public async Task CloseAsync(int code, string reason, TimeSpan timeout)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _sendLock.WaitAsync(cts.Token).ConfigureAwait(false);
            try
            {
                await _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, cts.Token).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Why: the peer may already be gone; closing is best effort and the socket is aborted anyway.
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        _sendLock.Dispose();
        return ValueTask.CompletedTask;
    }
}
