using System.Net;
using System.Text.Json.Nodes;
using Bot.Discord.Gateway;
using Bot.Discord.Rest;
using Bot.Discord.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Sharding;

/// <summary>
/// The process's gateway: reads GET /gateway/bot, runs one <see cref="GatewayClient"/> per shard the
/// <see cref="IShardCoordinator"/> grants (of <c>Bot:Discord:ShardCount</c>, or Discord's recommended <c>shards</c>),
/// all behind one <see cref="IdentifyScheduler"/> (and, with several processes, their shared <see cref="IIdentifyTurns"/>); renews the shards' claims every lease interval and picks up shards
/// freed elsewhere; on close 4011 (sharding required) reads the recommended count again and restarts every shard with it.
/// </summary>
public sealed class ShardedGateway
{
    private readonly DiscordRestClient _rest;
    private readonly IGatewayDispatchHandler _handler;
    private readonly IShardCoordinator _coordinator;
    private readonly DiscordOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<ShardedGateway> _logger;
    private readonly IdentifyScheduler _identify;
    private readonly IGatewaySessionStore _sessions;
    private volatile IReadOnlyList<GatewayClient> _shards = [];
    private int _shardCount, _reshards;

    private readonly DiscordMetrics? _metrics;

    /// <param name="metrics">Optional: each shard's connections and heartbeat latency.</param>
    /// <param name="sessionStarts">Optional: the session-start limit counted for every process (PostgreSQL).</param>
    public ShardedGateway(DiscordRestClient rest, IGatewayDispatchHandler handler, IShardCoordinator coordinator, IGatewaySessionStore sessions,
        IOptions<DiscordOptions> options, ILoggerFactory loggers, IIdentifyTurns? identifyTurns = null, DiscordMetrics? metrics = null,
        ISessionStarts? sessionStarts = null)
    {
        _metrics = metrics;
        _sessions = sessions;
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _rest = rest;
        _handler = handler;
        _coordinator = coordinator;
        _options = options.Value;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ShardedGateway>();
        _identify = new IdentifyScheduler(_options.IdentifyInterval, _logger, identifyTurns, sessionStarts) { Refresh = rest.GetGatewayBotAsync };
    }

    /// <summary>The shards this process runs now, by id.</summary>
    public IReadOnlyList<GatewayClient> Shards => _shards;

    /// <summary>The shard count in use (0 before the first GET /gateway/bot).</summary>
    public int ShardCount => Volatile.Read(ref _shardCount);

    /// <summary>How often close 4011 made the process restart its shards with a new count.</summary>
    public int Reshards => Volatile.Read(ref _reshards);

    /// <summary>True when this process runs at least one shard and every one of them is READY (or RESUMED).</summary>
    public bool IsReady => _shards is { Count: > 0 } s && s.All(c => c.IsReady);

    /// <summary>The slowest shard's heartbeat ACK latency.</summary>
    public TimeSpan? Latency => _shards.Select(c => c.Latency).Where(l => l is not null).Max();

    public int Connections => _shards.Sum(c => c.Connections);

    public int Identifies => _shards.Sum(c => c.Identifies);

    public int Resumes => _shards.Sum(c => c.Resumes);

    /// <summary>Most sockets one shard ever had open at once (1: a shard's old socket is gone before a new one opens).</summary>
    internal int MaxOpenSockets => _shards.Select(c => c.MaxOpenSockets).DefaultIfEmpty().Max();

    /// <summary>Sends a gateway command on a shard's connection (the first shard this process runs by default).</summary>
    /// <exception cref="InvalidOperationException">The shard is not running here or not connected.</exception>
    public Task SendCommandAsync(GatewayOpCode op, JsonNode? data, CancellationToken cancellationToken, int? shardId = null)
    {
        var shards = _shards;
        var shard = shardId is { } id ? shards.FirstOrDefault(c => c.Shard.Id == id) : shards.FirstOrDefault();
        if (shard is null)
        {
            if (op is GatewayOpCode.Heartbeat or GatewayOpCode.Identify or GatewayOpCode.Resume)
                throw new ArgumentException($"op {(int)op} ({op}) is sent by the gateway client itself", nameof(op));
            throw new InvalidOperationException(shardId is null ? "no shard is running" : $"shard {shardId} is not running in this process");
        }
        return shard.SendCommandAsync(op, data, cancellationToken);
    }

    /// <summary>Runs this process's shards until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <exception cref="GatewayFatalException">Discord refused the bot (4004, 4010, 4012–4014, token rejected); no reconnect.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        int? count = _options.ShardCount > 0 ? _options.ShardCount : null;
        while (!cancellationToken.IsCancellationRequested)
        {
            GatewayBotInfo info;
            try
            {
                info = await FetchInfoAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            _identify.Update(info);
            var shardCount = count ?? Math.Max(1, info.Shards);
            Volatile.Write(ref _shardCount, shardCount);
            try
            {
                await RunShardsAsync(shardCount, info.Url, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (GatewayFatalException e) when (e.CloseCode == 4011)
            {
                GatewayBotInfo again;
                try
                {
                    again = await FetchInfoAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                // Why at least one more: 4011 means the count in use is too small, whatever the recommendation says.
                count = Math.Max(again.Shards, shardCount + 1);
                Interlocked.Increment(ref _reshards);
                Log.ShardingRequired(_logger, shardCount, count.Value);
            }
        }
    }

    private async Task<GatewayBotInfo> FetchInfoAsync(CancellationToken ct)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                return await _rest.GetGatewayBotAsync(ct).ConfigureAwait(false);
            }
            catch (DiscordApiException e) when (e.Status == HttpStatusCode.Unauthorized)
            {
                throw new GatewayFatalException(4004, "Discord rejected the bot token (HTTP 401 on GET /gateway/bot); not connecting", e);
            }
            catch (DiscordApiException e)
            {
                var delay = Backoff.Delay(failures, _options.ReconnectDelay, _options.MaxReconnectDelay);
                Log.GatewayConnectionFailed(_logger, $"GET /gateway/bot failed: {e.Message}", "retry", (int)delay.TotalMilliseconds);
                await Task.Delay(delay, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task RunShardsAsync(int shardCount, string gatewayUrl, CancellationToken ct)
    {
        using var all = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = new SortedDictionary<int, (GatewayClient Client, Task Task, CancellationTokenSource Stop)>();
        try
        {
            while (true)
            {
                foreach (var id in await _coordinator.AcquireAsync(shardCount, all.Token).ConfigureAwait(false))
                {
                    if (id < 0 || id >= shardCount || running.ContainsKey(id)) continue;
                    var client = new GatewayClient(_rest, _handler, _options, _loggers.CreateLogger<GatewayClient>(), new ShardInfo(id, shardCount), _identify, gatewayUrl,
                        _options.KeepSessionsOnStop ? _sessions : null, _metrics);
                    var stop = CancellationTokenSource.CreateLinkedTokenSource(all.Token);
                    running[id] = (client, client.RunAsync(stop.Token), stop);
                    Log.ShardStarting(_logger, id, shardCount);
                }
                _shards = [.. running.Values.Select(r => r.Client)];
                if (running.Count == 0) Log.NoShardsGranted(_logger, shardCount);

                var tick = Task.Delay(_options.ShardLeaseInterval, all.Token);
                await Task.WhenAny(running.Values.Select(r => r.Task).Append(tick)).ConfigureAwait(false);
                foreach (var (id, shard) in running.Where(r => r.Value.Task.IsCompleted).ToList())
                {
                    running.Remove(id);
                    shard.Stop.Dispose();
                    await _coordinator.ReleaseAsync(id, shardCount, CancellationToken.None).ConfigureAwait(false);
                    await shard.Task.ConfigureAwait(false); // a fatal close surfaces here and stops the others (finally)
                }
                if (ct.IsCancellationRequested) return;
                foreach (var (id, shard) in running.ToList())
                {
                    var snapshot = shard.Client.Snapshot();
                    // Why "can hand over" only with a session: a shard handed over mid-IDENTIFY would be identified again.
                    if (await _coordinator.RenewAsync(id, shardCount, !_options.KeepSessionsOnStop || snapshot is not null, all.Token).ConfigureAwait(false))
                    {
                        // Why: a process that dies cannot save on its way out; the one taking its shards over RESUMEs from here.
                        if (_options.KeepSessionsOnStop && snapshot is not null)
                            await _sessions.SaveAsync(shard.Client.Shard, snapshot, all.Token).ConfigureAwait(false);
                        continue;
                    }
                    Log.ShardLost(_logger, id, shardCount);
                    await shard.Stop.CancelAsync().ConfigureAwait(false); // closes resumably and saves the session when sessions are kept
                    await shard.Task.ConfigureAwait(false);
                    shard.Stop.Dispose();
                    running.Remove(id);
                    await _coordinator.ReleaseAsync(id, shardCount, CancellationToken.None).ConfigureAwait(false);
                }
                _shards = [.. running.Values.Select(r => r.Client)];
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            await all.CancelAsync().ConfigureAwait(false);
            foreach (var (id, shard) in running)
            {
                try
                {
                    await shard.Task.ConfigureAwait(false);
                }
                catch (Exception e) when (e is GatewayFatalException or OperationCanceledException)
                {
                    // Why: the first fatal close is the one reported; the others were stopped because of it.
                }
                shard.Stop.Dispose();
                await _coordinator.ReleaseAsync(id, shardCount, CancellationToken.None).ConfigureAwait(false);
            }
            _shards = [];
        }
    }
}
