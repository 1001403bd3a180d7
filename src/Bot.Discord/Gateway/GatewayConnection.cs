using System.Diagnostics;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Gateway;

/// <summary>
/// One gateway socket: its send limiter (created at HELLO, before anything is sent), heartbeats — the first after a
/// random jitter, then every interval — with ACK-based zombie detection, and the tokens that end it.
/// </summary>
internal sealed class GatewayConnection(GatewayTransport transport, ILogger logger) : IDisposable
{
    /// <summary>How long a close handshake may take before the socket is aborted.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _heartbeatStop = new();
    private Task _heartbeat = Task.CompletedTask;
    private long _sentAt;
    private volatile bool _awaitingAck;
    private volatile bool _zombie;
    private volatile bool _shuttingDown;

    public GatewayTransport Transport { get; } = transport;

    /// <summary>Cancelled when the connection is given up (zombie, shutdown without a close frame).</summary>
    public CancellationTokenSource Abort { get; } = new();

    /// <summary>This connection's send limit; set by <see cref="StartHeartbeats"/> at HELLO.</summary>
    public GatewaySendLimiter Limiter { get; private set; } = null!;

    /// <summary>True when the last heartbeat got no ACK within an interval: the loop closed the socket to resume.</summary>
    public bool Zombie => _zombie;

    /// <summary>True after <see cref="BeginShutdown"/>: the close that follows is ours.</summary>
    public bool ShuttingDown => _shuttingDown;

    /// <summary>The code of our shutdown close: 1000 ends the session, any other keeps it resumable.</summary>
    public int ShutdownCode { get; private set; } = 1000;

    /// <summary>HELLO: the send limit applies from now, and heartbeats start.</summary>
    /// <param name="interval">Discord's heartbeat_interval.</param>
    /// <param name="limiter">The send limit, with slots kept for heartbeats.</param>
    /// <param name="heartbeat">Builds the heartbeat payload (it carries the latest sequence number).</param>
    public void StartHeartbeats(TimeSpan interval, GatewaySendLimiter limiter, Func<string> heartbeat)
    {
        Limiter = limiter;
        _heartbeat = HeartbeatLoopAsync(interval, heartbeat);
    }

    public async Task SendAsync(string json, bool heartbeat, CancellationToken ct)
    {
        await Limiter.WaitAsync(heartbeat, ct).ConfigureAwait(false);
        await Transport.SendAsync(json, ct).ConfigureAwait(false);
    }

    /// <summary>Sends a heartbeat now (the loop's, or one Discord asked for with op 1) and starts waiting for its ACK.</summary>
    /// <param name="payload">Built after the limiter lets it through, so it carries the latest sequence number.</param>
    public async Task SendHeartbeatAsync(Func<string> payload)
    {
        await Limiter.WaitAsync(heartbeat: true, Abort.Token).ConfigureAwait(false);
        Interlocked.Exchange(ref _sentAt, Stopwatch.GetTimestamp());
        _awaitingAck = true;
        await Transport.SendAsync(payload(), Abort.Token).ConfigureAwait(false);
    }

    /// <summary>op 11: the last heartbeat arrived; returns how long its ACK took.</summary>
    public TimeSpan Acked()
    {
        _awaitingAck = false;
        return Stopwatch.GetElapsedTime(Interlocked.Read(ref _sentAt));
    }

    public Task CloseAsync(int code, string reason) => Transport.CloseAsync(code, reason, CloseTimeout);

    /// <summary>
    /// A graceful stop: sends the close (1000, or a code that keeps the session resumable) and lets the reader see the
    /// server's close frame, aborting only if none comes (cancelling the pending receive instead would abort the socket).
    /// </summary>
    public void BeginShutdown(int code = 1000)
    {
        ShutdownCode = code;
        _shuttingDown = true;
        _ = Task.Run(async () =>
        {
            await CloseAsync(code, "shutting down").ConfigureAwait(false);
            try
            {
                Abort.CancelAfter(CloseTimeout);
            }
            catch (ObjectDisposedException)
            {
            }
        });
    }

    public async Task StopHeartbeatsAsync()
    {
        await _heartbeatStop.CancelAsync().ConfigureAwait(false);
        await _heartbeat.ConfigureAwait(false);
    }

    public void Dispose()
    {
        Abort.Dispose();
        _heartbeatStop.Dispose();
    }

    private async Task HeartbeatLoopAsync(TimeSpan interval, Func<string> heartbeat)
    {
        var token = _heartbeatStop.Token;
        try
        {
            await Task.Delay(interval * Random.Shared.NextDouble(), token).ConfigureAwait(false);
            while (!token.IsCancellationRequested)
            {
                if (_awaitingAck)
                {
                    _zombie = true;
                    Log.ZombieConnection(logger, (int)interval.TotalMilliseconds);
                    await CloseAsync(GatewayCloseCodes.ResumableClose, "zombie").ConfigureAwait(false);
                    await Abort.CancelAsync().ConfigureAwait(false);
                    return;
                }
                await SendHeartbeatAsync(heartbeat).ConfigureAwait(false);
                await Task.Delay(interval, token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Why: the reader notices the broken connection and decides what happens next.
        }
    }
}
