using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Discord.Rest;
using Bot.Discord.Sharding;
using Bot.Discord.Telemetry;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Gateway;

/// <summary>
/// One shard's Gateway v10 connection manager: one live socket at a time; HELLO → heartbeats (first after a random
/// jitter) → IDENTIFY with <c>shard: [id, count]</c> (behind the process's <see cref="IdentifyScheduler"/>) or RESUME on resume_gateway_url; ACK-based zombie detection; op 7 / op 9 /
/// close codes decide between RESUME, a fresh IDENTIFY and a fatal stop; capped exponential back-off with jitter.
/// Every command sent goes through the connection's send limiter (Discord: 120 per 60 s), which keeps slots for heartbeats.
/// This class decides what happens to connections; one socket's heartbeats live in <see cref="GatewayConnection"/>, and
/// what the payloads say about the session in <see cref="GatewaySession"/>.
/// </summary>
public sealed class GatewayClient
{
    private readonly DiscordRestClient _rest;
    private readonly IGatewayDispatchHandler _handler;
    private readonly DiscordOptions _options;
    private readonly ILogger _logger;
    private readonly IdentifyScheduler _identify;
    private readonly ShardInfo _shard;
    private readonly GatewaySession _session;
    private readonly ShardCheckpoint _checkpoint = new();
    private Task _readySave = Task.CompletedTask; // the save when the session became ready (it logs its own failure)
    private string? _gatewayUrl;
    private long _latencyTicks = -1;
    private int _connections, _openSockets, _maxOpenSockets;
    private volatile bool _ready;
    private volatile GatewayConnection? _live;

    private readonly IGatewaySessionStore? _sessions;
    private readonly DiscordMetrics? _metrics;

    /// <param name="sessions">With <see cref="DiscordOptions.KeepSessionsOnStop"/>: where the session is saved on a stop and restored at start.</param>
    internal GatewayClient(DiscordRestClient rest, IGatewayDispatchHandler handler, DiscordOptions options, ILogger logger, ShardInfo shard,
        IdentifyScheduler identify, string? gatewayUrl, IGatewaySessionStore? sessions = null, DiscordMetrics? metrics = null)
    {
        _metrics = metrics;
        _sessions = sessions;
        _rest = rest;
        _handler = handler;
        _options = options;
        _logger = logger;
        _shard = shard;
        _identify = identify;
        _gatewayUrl = gatewayUrl;
        _session = new GatewaySession(logger);
    }

    public ShardInfo Shard => _shard;

    /// <summary>
    /// The session as it stands, to save for another process (null before READY), at its checkpoint: the last sequence
    /// up to which every event is done, so the process that resumes it is sent again what was still being answered.
    /// </summary>
    public SavedSession? Snapshot() =>
        _session is { CanResume: true, SessionId: { } id, ResumeUrl: { } url } s ? new SavedSession(id, Checkpoint ?? s.Sequence ?? 0, url, DateTimeOffset.UtcNow) : null;

    /// <summary>The sequence up to which every event of the session is done (see <see cref="DispatchReceipt"/>).</summary>
    public int? Checkpoint => _checkpoint.Value;

    public string? SessionId => _session.SessionId;

    public int? Sequence => _session.Sequence;

    /// <summary>Time between the last heartbeat and its ACK (null before the first ACK).</summary>
    public TimeSpan? Latency => Interlocked.Read(ref _latencyTicks) is var t and >= 0 ? TimeSpan.FromTicks(t) : null;

    public bool IsReady => _ready;

    public int Connections => Volatile.Read(ref _connections);

    public int Identifies => _session.Identifies;

    public int Resumes => _session.Resumes;

    /// <summary>Most sockets ever open at once (tests assert 1: the old socket is gone before a new one opens).</summary>
    internal int MaxOpenSockets => Volatile.Read(ref _maxOpenSockets);

    /// <summary>
    /// Sends a gateway command (e.g. <see cref="GatewayOpCode.PresenceUpdate"/>) on the current connection, waiting for
    /// room under Discord's send limit; heartbeats keep their reserved slots however many commands are queued.
    /// </summary>
    /// <exception cref="ArgumentException">Heartbeat, IDENTIFY and RESUME, which the client sends itself.</exception>
    /// <exception cref="InvalidOperationException">No connection has received HELLO (connecting, or between connections).</exception>
    public async Task SendCommandAsync(GatewayOpCode op, JsonNode? data, CancellationToken cancellationToken)
    {
        if (op is GatewayOpCode.Heartbeat or GatewayOpCode.Identify or GatewayOpCode.Resume)
            throw new ArgumentException($"op {(int)op} ({op}) is sent by the gateway client itself", nameof(op));
        var connection = _live ?? throw new InvalidOperationException("the gateway is not connected");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connection.Abort.Token);
        await connection.SendAsync(new JsonObject { ["op"] = (int)op, ["d"] = data }.ToJsonString(), heartbeat: false, linked.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// Connects (resuming a saved session when one is kept) and stays connected until <paramref name="cancellationToken"/>
    /// is cancelled; then closes with 1000, or — keeping sessions — with a resumable code, and saves the session.
    /// </summary>
    /// <exception cref="GatewayFatalException">Discord refused the bot (4004, 4010–4014, token rejected); no reconnect.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_sessions is not null && await _sessions.LoadAsync(_shard, cancellationToken).ConfigureAwait(false) is { } saved)
        {
            // Why not cleared once loaded: a process dying before its RESUMED must leave the session to the next one; a
            // RESUME that fails falls back to IDENTIFY, whose READY overwrites the saved session.
            if (DateTimeOffset.UtcNow - saved.SavedAt < _options.SessionResumeWindow)
            {
                _session.Restore(saved.SessionId, saved.Sequence, saved.ResumeUrl);
                _checkpoint.Reset(saved.Sequence);
                Log.ResumingSavedSession(_logger, _shard.Id, _shard.Count, saved.Sequence);
            }
        }
        try
        {
            await RunConnectionsAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _readySave.ConfigureAwait(false); // never after the save below: that one is the newer
            if (cancellationToken.IsCancellationRequested && _sessions is not null && Snapshot() is { } session)
            {
                // At the checkpoint: events received but not done (a stop that gave up waiting for them, or never took them up) are sent again.
                await _sessions.SaveAsync(_shard, session, CancellationToken.None).ConfigureAwait(false);
                Log.SessionSaved(_logger, _shard.Id, _shard.Count, session.Sequence);
            }
        }
    }

    private async Task RunConnectionsAsync(CancellationToken cancellationToken)
    {
        int failures = 0, resumeConnectFailures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var resume = _session.CanResume;
            ConnectionResult result;
            IdentifyScheduler.Ticket? ticket = null;
            try
            {
                var url = resume ? _session.ResumeUrl! : _gatewayUrl ??= await FetchGatewayUrlAsync(cancellationToken).ConfigureAwait(false);
                // Why: take the identify turn before connecting, so the reader never stalls (and misses ACKs) behind it;
                // the turn is held until the IDENTIFY is sent, so shards of one bucket never identify closer than the interval.
                if (!resume) ticket = await _identify.AcquireAsync(_shard.Id, cancellationToken).ConfigureAwait(false);
                try
                {
                    result = await RunConnectionAsync(GatewayUri(url), ticket, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    if (ticket is not null) await ticket.DisposeAsync().ConfigureAwait(false);
                    Volatile.Write(ref _openSockets, 0); // the connection's socket was disposed when RunConnectionAsync returned
                }
            }
            catch (DiscordApiException e) when (e.Status == System.Net.HttpStatusCode.Unauthorized)
            {
                throw new GatewayFatalException(4004, "Discord rejected the bot token (HTTP 401 on GET /gateway/bot); not connecting", e);
            }
            catch (DiscordApiException e)
            {
                result = new ConnectionResult(ConnectionOutcome.ConnectFailed, null, false, $"GET /gateway/bot failed: {e.Message}");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            switch (result.Outcome)
            {
                case ConnectionOutcome.Shutdown:
                    Log.GatewayClosedNormally(_logger, _sessions is null ? 1000 : GatewayCloseCodes.ResumableClose);
                    return;
                case ConnectionOutcome.Fatal:
                    Log.GatewayClosedFatally(_logger, result.CloseCode, GatewayCloseCodes.Describe(result.CloseCode ?? 0));
                    throw new GatewayFatalException(result.CloseCode,
                        $"Discord closed the gateway with {result.CloseCode} ({GatewayCloseCodes.Describe(result.CloseCode ?? 0)}); not reconnecting");
                case ConnectionOutcome.Reidentify:
                    ForgetSession();
                    break;
                case ConnectionOutcome.ConnectFailed when resume:
                    if (++resumeConnectFailures >= _options.MaxResumeConnectFailures)
                    {
                        Log.ResumeGivenUp(_logger, resumeConnectFailures);
                        ForgetSession();
                        resumeConnectFailures = 0;
                    }
                    break;
                case ConnectionOutcome.ConnectFailed:
                    _gatewayUrl = null; // Why: refetch the gateway URL only when connecting with it fails.
                    break;
            }
            if (result.ReachedReady)
            {
                failures = 0;
                resumeConnectFailures = 0;
            }
            else
            {
                failures++;
            }
            var delay = result.AfterInvalidSession
                ? _options.InvalidSessionDelayMin + (_options.InvalidSessionDelayMax - _options.InvalidSessionDelayMin) * Random.Shared.NextDouble()
                : Backoff.Delay(failures, _options.ReconnectDelay, _options.MaxReconnectDelay);
            var next = SessionId is not null ? "resume" : "identify";
            if (result.Outcome == ConnectionOutcome.ConnectFailed)
                Log.GatewayConnectionFailed(_logger, result.Reason, next, (int)delay.TotalMilliseconds);
            else
                Log.GatewayDisconnected(_logger, result.Reason, next, (int)delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SaveReadySessionAsync(SavedSession session)
    {
        try
        {
            await _sessions!.SaveAsync(_shard, session, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Bot.DurabilityLog.SessionNotSaved(_logger, e, _shard.Id, _shard.Count);
        }
    }

    private void ForgetSession()
    {
        _session.Clear();
        _checkpoint.Reset(null);
    }

    private async Task<string> FetchGatewayUrlAsync(CancellationToken ct)
    {
        var info = await _rest.GetGatewayBotAsync(ct).ConfigureAwait(false);
        _identify.Update(info);
        return info.Url;
    }

    private static Uri GatewayUri(string url)
    {
        var builder = new UriBuilder(url) { Query = "v=10&encoding=json" };
        if (builder.Path.Length == 0) builder.Path = "/";
        return builder.Uri;
    }

    private async Task<ConnectionResult> RunConnectionAsync(Uri url, IdentifyScheduler.Ticket? identify, CancellationToken ct)
    {
        var resume = identify is null;
        var transport = new GatewayTransport();
        await using var _ = transport.ConfigureAwait(false);
        try
        {
            await transport.ConnectAsync(url, _rest.UserAgent, _options.ConnectTimeout, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return new ConnectionResult(ConnectionOutcome.Shutdown, null, false, "shutdown");
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or HttpRequestException)
        {
            return new ConnectionResult(ConnectionOutcome.ConnectFailed, null, false, $"connect to {url.Host}:{url.Port} failed: {e.Message}");
        }
        _metrics?.Connected(_shard.Id, resume, Interlocked.Increment(ref _connections) > 1);
        var open = Interlocked.Increment(ref _openSockets);
        if (open > Volatile.Read(ref _maxOpenSockets)) Volatile.Write(ref _maxOpenSockets, open);
        Log.GatewayConnected(_logger, url.Host, url.AbsolutePath, resume ? "resume" : "identify");

        using var connection = new GatewayConnection(transport, _logger);
        using var stop = ct.Register(() => connection.BeginShutdown(_sessions is null ? 1000 : GatewayCloseCodes.ResumableClose));
        bool hello = false, reachedReady = false;
        try
        {
            using var helloTimeout = CancellationTokenSource.CreateLinkedTokenSource(connection.Abort.Token);
            helloTimeout.CancelAfter(_options.ConnectTimeout);
            while (true)
            {
                var message = await transport.ReceiveAsync(hello ? connection.Abort.Token : helloTimeout.Token).ConfigureAwait(false);
                if (message.IsClose) return await ClosedAsync(connection, message.CloseCode, message.CloseReason, reachedReady).ConfigureAwait(false);

                using var doc = JsonDocument.Parse(message.Text!);
                var root = doc.RootElement;
                var op = (GatewayOpCode)(root.GetInt("op") ?? -1);
                var data = root.TryGetProperty("d", out var d) ? d : default;
                if (!hello)
                {
                    if (op == GatewayOpCode.Reconnect) return await LeaveAsync(connection, ConnectionOutcome.Resume, "op 7 reconnect before HELLO", false).ConfigureAwait(false);
                    if (op != GatewayOpCode.Hello) continue;
                    hello = true;
                    var interval = TimeSpan.FromMilliseconds(data.GetInt("heartbeat_interval") ?? 41250);
                    connection.StartHeartbeats(interval, new GatewaySendLimiter(_options.GatewayCommandLimit, _options.GatewayCommandWindow, interval), _session.Heartbeat);
                    _live = connection;
                    if (resume) await SendResumeAsync(connection).ConfigureAwait(false);
                    else await SendIdentifyAsync(connection, identify!).ConfigureAwait(false);
                    continue;
                }
                switch (op)
                {
                    case GatewayOpCode.Dispatch:
                        var (dispatch, ready) = _session.OnDispatch(root, data, _gatewayUrl);
                        if (ready) reachedReady = _ready = true;
                        await DispatchAsync(dispatch with { Shard = _shard.Id, Receipt = dispatch.Sequence is { } seq ? _checkpoint.Receive(seq) : null }, ct)
                            .ConfigureAwait(false);
                        // Why at once: a process that dies before its first lease renewal (which saves every interval) must
                        // still leave this session, not an older one (or none, after an IDENTIFY), to the next.
                        if (ready && _sessions is not null && Snapshot() is { } fresh) _readySave = SaveReadySessionAsync(fresh);
                        break;
                    case GatewayOpCode.Heartbeat:
                        await connection.SendHeartbeatAsync(_session.Heartbeat).ConfigureAwait(false); // Discord asked: answer now, keep the timer
                        break;
                    case GatewayOpCode.HeartbeatAck:
                        var latency = connection.Acked();
                        Interlocked.Exchange(ref _latencyTicks, latency.Ticks);
                        _metrics?.HeartbeatAcked(_shard.Id, latency);
                        break;
                    case GatewayOpCode.Reconnect:
                        return await LeaveAsync(connection, ConnectionOutcome.Resume, "op 7 reconnect", reachedReady).ConfigureAwait(false);
                    case GatewayOpCode.InvalidSession:
                        var resumable = data.ValueKind == JsonValueKind.True;
                        return resumable
                            ? await LeaveAsync(connection, ConnectionOutcome.Resume, "op 9 invalid session (resumable)", reachedReady).ConfigureAwait(false)
                            : await LeaveAsync(connection, ConnectionOutcome.Reidentify, "op 9 invalid session (not resumable)", reachedReady, afterInvalidSession: true).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or JsonException or ObjectDisposedException or InvalidOperationException)
        {
            if (connection.ShuttingDown) return new ConnectionResult(ConnectionOutcome.Shutdown, connection.ShutdownCode, reachedReady, "shutdown");
            if (connection.Zombie) return new ConnectionResult(ConnectionOutcome.Resume, GatewayCloseCodes.ResumableClose, reachedReady, "no heartbeat ACK (zombie connection)");
            if (!hello) return new ConnectionResult(ConnectionOutcome.ConnectFailed, null, false, $"no HELLO ({e.Message})");
            return new ConnectionResult(ConnectionOutcome.Resume, null, reachedReady, $"connection dropped ({e.Message})");
        }
        finally
        {
            _ready = false;
            _live = null;
            await connection.StopHeartbeatsAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask DispatchAsync(GatewayDispatch dispatch, CancellationToken ct)
    {
        try
        {
            await _handler.HandleDispatchAsync(dispatch, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Why: a handler bug must not take the connection down.
            Log.DispatchFailed(_logger, e, dispatch.Type);
        }
        finally
        {
            dispatch.Receipt?.Release(); // the reader's hold; work the handler took up holds the event until it is done
        }
    }

    private static async Task<ConnectionResult> ClosedAsync(GatewayConnection connection, int? code, string? reason, bool reachedReady)
    {
        await connection.CloseAsync(connection.ShuttingDown ? connection.ShutdownCode : GatewayCloseCodes.ResumableClose, "").ConfigureAwait(false);
        if (connection.ShuttingDown) return new ConnectionResult(ConnectionOutcome.Shutdown, code, reachedReady, "shutdown");
        var why = code is { } c ? $"closed with {c} ({GatewayCloseCodes.Describe(c)}{(string.IsNullOrEmpty(reason) ? "" : ": " + reason)})" : "closed without a code";
        if (code is { } fatal && GatewayCloseCodes.IsFatal(fatal)) return new ConnectionResult(ConnectionOutcome.Fatal, code, reachedReady, why);
        if (code is { } fresh && GatewayCloseCodes.RequiresNewSession(fresh)) return new ConnectionResult(ConnectionOutcome.Reidentify, code, reachedReady, why);
        return new ConnectionResult(ConnectionOutcome.Resume, code, reachedReady, why);
    }

    private static async Task<ConnectionResult> LeaveAsync(GatewayConnection connection, ConnectionOutcome outcome, string reason, bool reachedReady, bool afterInvalidSession = false)
    {
        // Why: any code but 1000/1001 keeps the session resumable.
        await connection.CloseAsync(GatewayCloseCodes.ResumableClose, "reconnecting").ConfigureAwait(false);
        return new ConnectionResult(outcome, null, reachedReady, reason, afterInvalidSession);
    }

    private async Task SendIdentifyAsync(GatewayConnection connection, IdentifyScheduler.Ticket identify)
    {
        Log.SendingIdentify(_logger, (int)GatewayIntents.ChatBot, _shard.Id, _shard.Count);
        await connection.Limiter.WaitAsync(heartbeat: false, connection.Abort.Token).ConfigureAwait(false);
        try
        {
            await connection.Transport.SendAsync(GatewaySession.Identify(_options.Token, _shard), connection.Abort.Token).ConfigureAwait(false);
        }
        finally
        {
            identify.Sent(); // counted even when the send failed midway: Discord may have seen it
            await identify.DisposeAsync().ConfigureAwait(false); // the next shard of this bucket may go once the interval has passed
        }
    }

    private Task SendResumeAsync(GatewayConnection connection)
    {
        Log.SendingResume(_logger, Sequence);
        return connection.SendAsync(_session.Resume(_options.Token), heartbeat: false, connection.Abort.Token);
    }
}
