using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Tests.Fake;

/// <summary>
/// A Discord-compatible server on 127.0.0.1 (Kestrel, port 0): REST v10 with per-route rate-limit buckets and headers,
/// and the gateway (HELLO, heartbeats/ACK, IDENTIFY → READY, RESUME with replay → RESUMED). Tests script it: dispatch
/// events, send op 7/9/1, withhold ACKs, drop the TCP connection, close with a code, answer 429/5xx.
/// </summary>
public sealed class FakeDiscord : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly SemaphoreSlim _session = new(1, 1);
    private readonly List<FakeGatewayConnection> _connections = [];
    private readonly ConcurrentDictionary<string, (int Count, TimeSpan WindowStart)> _buckets = new();
    private readonly Queue<TimeSpan> _globalWindow = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<int, FakeShardSession> _sessions = [];
    private readonly Dictionary<int, TimeSpan> _identifiedAt = [];
    private long _nextId;

    private FakeDiscord(WebApplication app) => _app = app;

    public string Token { get; set; } = "fake-token-AbC.123";

    public ulong BotUserId { get; } = 111_111_111_111_111_111;

    public ulong ApplicationId { get; } = 222_222_222_222_222_222;

    /// <summary>The application's owner (GET /oauth2/applications/@me).</summary>
    public ulong OwnerId { get; } = 555;

    public int HeartbeatIntervalMs { get; set; } = 1000;

    /// <summary>Gateway messages are sent in frames of this many bytes.</summary>
    public int FrameChunkBytes { get; set; } = 1024;

    public bool ResumeAllowed { get; set; } = true;

    /// <summary>The recommended shard count GET /gateway/bot reports.</summary>
    public int Shards { get; set; } = 1;

    /// <summary>session_start_limit.max_concurrency: IDENTIFYs allowed per <see cref="IdentifyWindow"/> (one per bucket shard % this).</summary>
    public int MaxConcurrency { get; set; } = 1;

    public int SessionStartsRemaining { get; set; } = 999;

    public int SessionStartsResetAfterMs { get; set; } = 14_400_000;

    /// <summary>Discord's identify window per max_concurrency bucket; an IDENTIFY sooner in the same bucket is a violation.</summary>
    public TimeSpan IdentifyWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Answer an identify violation with op 9 (as Discord does) rather than only counting it.</summary>
    public bool EnforceIdentifyWindow { get; set; }

    /// <summary>IDENTIFYs sent sooner than <see cref="IdentifyWindow"/> after the last one in their bucket.</summary>
    public int IdentifyViolations;

    /// <summary>The guilds the bot is in; each guild's events go to shard (id &gt;&gt; 22) % count, DMs to shard 0.</summary>
    public List<ulong> Guilds { get; } = [333];

    /// <summary>Close an IDENTIFY with 4011 (sharding required) when its shard would hold more guilds than this (0 = no limit).</summary>
    public int MaxGuildsPerShard { get; set; }

    /// <summary>Answer authenticated REST calls whose Authorization is not "Bot {Token}" with 401.</summary>
    public bool RejectBadAuthorization { get; set; }

    /// <summary>Send op 7 before HELLO on the next this-many connections.</summary>
    public int ReconnectBeforeHello { get; set; }

    /// <summary>When the bot posts a message, dispatch it back as MESSAGE_CREATE (as Discord does).</summary>
    public bool EchoOwnMessages { get; set; }

    /// <summary>Requests per window per (route, major parameter); a request beyond it is a violation and gets 429.</summary>
    public int RouteLimit { get; set; } = 5;

    public TimeSpan RouteWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Requests per second over all non-interaction routes (0 = unlimited).</summary>
    public int GlobalLimit { get; set; }

    /// <summary>Requests the bot sent into an exhausted route bucket.</summary>
    public int Violations;

    /// <summary>
    /// Requests that arrived over the global per-second limit. The bot caps itself at the same rate when sending, but a
    /// stalled machine can bunch arrivals; the 429 it then gets is retried.
    /// </summary>
    public int GlobalViolations;

    /// <summary>A test's substitute answers: return null to answer normally.</summary>
    public Func<RestCall, FakeResponse?>? Intercept { get; set; }

    /// <summary>Refuse WebSocket upgrades (503) to simulate an unreachable gateway.</summary>
    public bool RefuseGateway { get; set; }

    public ConcurrentQueue<RestCall> Rest { get; } = new();

    private readonly ConcurrentDictionary<RestCall, TaskCompletionSource<bool>> _held = new();
    private readonly Dictionary<string, (string Json, TimeSpan At)> _nonces = [];

    /// <summary>
    /// Message creates (POST /channels/{id}/messages) in these channels are held — the bot waits for the response, its
    /// answer in flight — until <see cref="ReleaseHeldReplies"/>. The value says what then becomes of each held request:
    /// true, Discord had received it and creates the message (even if the bot is gone); false, it never arrived (dropped).
    /// </summary>
    public ConcurrentDictionary<string, bool> HoldReplies { get; } = new();

    /// <summary>Message creates held now.</summary>
    public int HeldReplyCount => _held.Count;

    /// <summary>How long a nonce sent with <c>enforce_nonce</c> stays unique ("the past few minutes").</summary>
    public TimeSpan NonceWindow { get; set; } = TimeSpan.FromMinutes(2);

    public ConcurrentQueue<string> ViolationLog { get; } = new();

    public ConcurrentQueue<GatewayFrame> Received { get; } = new();

    public ConcurrentQueue<TimeSpan> GatewayAttempts { get; } = new();

    /// <summary>When each dispatched MESSAGE_CREATE (by message id) was sent to the bot.</summary>
    public ConcurrentDictionary<string, TimeSpan> DispatchedAt { get; } = new();

    public string ApiBase { get; private set; } = "";

    public string GatewayUrl { get; private set; } = "";

    public string ResumeUrl { get; private set; } = "";

    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Shard 0's session id.</summary>
    public string? SessionId => Session(0)?.SessionId;

    /// <summary>A shard's current session (null before its first IDENTIFY).</summary>
    public FakeShardSession? Session(int shard)
    {
        lock (_lock) return _sessions.GetValueOrDefault(shard);
    }

    /// <summary>The shard count of the latest IDENTIFY (1 before any).</summary>
    public int IdentifiedShardCount { get; private set; } = 1;

    /// <summary>A guild id whose events go to <paramref name="shard"/> of <paramref name="count"/>.</summary>
    public static ulong GuildOnShard(int shard, int count, int nth = 0) => ((ulong)(shard + nth * count) << 22) + 7;

    public IReadOnlyList<FakeGatewayConnection> Connections
    {
        get
        {
            lock (_lock) return [.. _connections];
        }
    }

    public FakeGatewayConnection? Current
    {
        get
        {
            lock (_lock) return _connections.LastOrDefault();
        }
    }

    public static async Task<FakeDiscord> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeDiscord(app);
        app.UseWebSockets();
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        fake.ApiBase = $"http://127.0.0.1:{port}/api/v10";
        fake.GatewayUrl = $"ws://127.0.0.1:{port}/gateway";
        fake.ResumeUrl = $"ws://127.0.0.1:{port}/resume";
        return fake;
    }

    // ---- scripting ----

    /// <summary>
    /// Dispatches an event in the session of the shard it belongs to (by guild_id; DMs and guild-less events to shard 0);
    /// while that session has no live connection it waits in the session's log for a RESUME.
    /// </summary>
    public async Task DispatchAsync(string type, JsonNode data)
    {
        ArgumentNullException.ThrowIfNull(data);
        FakeShardSession? session;
        lock (_lock) session = _sessions.GetValueOrDefault(ShardOf(data));
        if (session is null)
        {
            lock (_lock) Undelivered.Enqueue(type);
            return;
        }
        await DispatchToAsync(session, type, data);
    }

    /// <summary>Events dispatched to a shard no session was identified for (lost, as on Discord).</summary>
    public ConcurrentQueue<string> Undelivered { get; } = new();

    private int ShardOf(JsonNode data)
    {
        var guild = data is JsonObject o && o["guild_id"] is { } g ? ulong.Parse(g.GetValue<string>(), CultureInfo.InvariantCulture) : (ulong?)null;
        return guild is { } id ? (int)((id >> 22) % (ulong)IdentifiedShardCount) : 0;
    }

    private async Task DispatchToAsync(FakeShardSession session, string type, JsonNode data)
    {
        await _session.WaitAsync();
        try
        {
            var seq = ++session.Seq;
            var json = new JsonObject { ["op"] = 0, ["t"] = type, ["s"] = seq, ["d"] = data }.ToJsonString();
            session.Log.Add(json);
            if (type is "MESSAGE_CREATE" or "INTERACTION_CREATE") DispatchedAt.TryAdd(data["id"]!.GetValue<string>(), Now);
            var target = session.Connection;
            if (target is { Live: true, Silent: false })
            {
                try
                {
                    await target.SendAsync(json, FrameChunkBytes);
                }
                catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
                {
                    // Lost in transit: replayed on RESUME.
                }
            }
        }
        finally
        {
            _session.Release();
        }
    }

    /// <summary>Dispatches several events of shard 0 back to back (a burst), holding the session once.</summary>
    public async Task DispatchManyAsync(string type, IEnumerable<JsonNode> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var session = Session(0) ?? throw new InvalidOperationException("shard 0 has no session");
        await _session.WaitAsync();
        try
        {
            var target = session.Connection;
            foreach (var data in events)
            {
                var seq = ++session.Seq;
                var json = new JsonObject { ["op"] = 0, ["t"] = type, ["s"] = seq, ["d"] = data }.ToJsonString();
                session.Log.Add(json);
                DispatchedAt.TryAdd(data["id"]!.GetValue<string>(), Now);
                if (target is not { Live: true, Silent: false }) continue;
                try
                {
                    await target.SendAsync(json, FrameChunkBytes);
                }
                catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
                {
                    target = null; // lost in transit: replayed on RESUME
                }
            }
        }
        finally
        {
            _session.Release();
        }
    }

    public Task SendOpAsync(int op, JsonNode? data) =>
        Current!.SendAsync(new JsonObject { ["op"] = op, ["d"] = data, ["s"] = null, ["t"] = null }.ToJsonString(), FrameChunkBytes);

    public Task CloseAsync(int code) => Current!.CloseAsync(code);

    public void Drop() => Current!.Drop();

    /// <summary>A new snowflake created now (its time bits say when, as Discord's do: interactions age by them).</summary>
    public string NewId() =>
        (global::Bot.Discord.Bot.Snowflake.At(DateTimeOffset.UtcNow) | ((ulong)Interlocked.Increment(ref _nextId) & 0x3F_FFFF)).ToString(CultureInfo.InvariantCulture);

    /// <summary>A MESSAGE_CREATE payload: in a guild unless <paramref name="guildId"/> is null (a DM).</summary>
    public JsonObject Message(string content, ulong channelId, string? id = null, ulong? guildId = 333, ulong authorId = 444, bool authorIsBot = false,
        bool mentionBot = false)
    {
        var author = new JsonObject { ["id"] = authorId.ToString(CultureInfo.InvariantCulture), ["username"] = "user" + authorId };
        if (authorIsBot) author["bot"] = true;
        var message = new JsonObject
        {
            ["id"] = id ?? NewId(),
            ["channel_id"] = channelId.ToString(CultureInfo.InvariantCulture),
            ["author"] = author,
            ["content"] = mentionBot ? $"<@{BotUserId}> {content}" : content,
            ["type"] = 0,
            ["mentions"] = mentionBot ? new JsonArray(new JsonObject { ["id"] = BotUserId.ToString(CultureInfo.InvariantCulture) }) : [],
            ["mention_everyone"] = false,
        };
        if (guildId is { } g) message["guild_id"] = g.ToString(CultureInfo.InvariantCulture);
        return message;
    }

    /// <summary>An INTERACTION_CREATE payload for a slash command.</summary>
    public JsonObject Interaction(string command, ulong channelId, string? question = null, string permissions = "0", ulong userId = 444, bool inGuild = true, string? id = null,
        ulong guildId = 333, string optionName = "question")
    {
        var user = new JsonObject { ["id"] = userId.ToString(CultureInfo.InvariantCulture), ["username"] = "user" + userId };
        var data = new JsonObject { ["id"] = "1", ["name"] = command, ["type"] = 1 };
        if (question is not null) data["options"] = new JsonArray(new JsonObject { ["name"] = optionName, ["type"] = 3, ["value"] = question });
        var interaction = new JsonObject
        {
            ["id"] = id ?? NewId(),
            ["application_id"] = ApplicationId.ToString(CultureInfo.InvariantCulture),
            ["type"] = 2,
            ["token"] = "itoken-" + Guid.NewGuid().ToString("N"),
            ["channel_id"] = channelId.ToString(CultureInfo.InvariantCulture),
            ["data"] = data,
            ["version"] = 1,
        };
        if (inGuild)
        {
            interaction["guild_id"] = guildId.ToString(CultureInfo.InvariantCulture);
            interaction["member"] = new JsonObject { ["user"] = user, ["permissions"] = permissions };
        }
        else
        {
            interaction["user"] = user;
        }
        return interaction;
    }

    public IEnumerable<GatewayFrame> Frames(int op) => Received.Where(f => f.Op == op);

    public IEnumerable<RestCall> Calls(string method, string template) => Rest.Where(c => c.Method == method && c.Template == template);

    /// <summary>Lifts every hold of <see cref="HoldReplies"/>: each held create is then completed or dropped as its channel said.</summary>
    public void ReleaseHeldReplies()
    {
        var creates = new Dictionary<string, bool>(HoldReplies);
        HoldReplies.Clear();
        foreach (var (call, release) in _held) release.TrySetResult(creates.GetValueOrDefault(call.Major, true));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in Connections) c.Drop();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // ---- HTTP ----

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path.StartsWith("/gateway", StringComparison.Ordinal) || path.StartsWith("/resume", StringComparison.Ordinal))
        {
            GatewayAttempts.Enqueue(Now);
            if (RefuseGateway || !context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 503;
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await RunGatewayAsync(socket, context, path.StartsWith("/resume", StringComparison.Ordinal));
            return;
        }
        if (path.StartsWith("/api/v10/", StringComparison.Ordinal))
        {
            await HandleRestAsync(context, path["/api/v10".Length..]);
            return;
        }
        context.Response.StatusCode = 404;
    }

    private async Task HandleRestAsync(HttpContext context, string path)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var (template, major) = Classify(path);
        var call = new RestCall(context.Request.Method, path, template, major, body, context.Request.Headers.Authorization.FirstOrDefault(),
            context.Request.Headers.UserAgent.FirstOrDefault(), Now);
        if (call.Method == "POST" && call.Template == "/channels/{channel_id}/messages" && HoldReplies.ContainsKey(call.Major))
        {
            var release = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _held[call] = release;
            if (!HoldReplies.TryGetValue(call.Major, out var create)) release.TrySetResult(true); // released meanwhile
            var created = await release.Task;
            _held.TryRemove(call, out _);
            if (!created)
            {
                call.Dropped = true;
                Rest.Enqueue(call);
                context.Abort();
                return;
            }
        }
        var response = Intercept?.Invoke(call);
        if (response is null && RejectBadAuthorization && !call.Template.StartsWith("/interactions", StringComparison.Ordinal) &&
            !call.Template.StartsWith("/webhooks", StringComparison.Ordinal) && call.Authorization != "Bot " + Token)
            response = FakeResponse.Error(401, 0, "401: Unauthorized");
        if (response is null)
        {
            var rejected = Limit(call, out var headers);
            response = rejected ?? Normal(call, headers);
        }
        call.Status = response.Status;
        Rest.Enqueue(call);
        context.Response.StatusCode = response.Status;
        if (response.Headers is not null) foreach (var (k, v) in response.Headers) context.Response.Headers[k] = v;
        if (response.Body.Length > 0)
        {
            context.Response.ContentType = "application/json";
            try
            {
                await context.Response.WriteAsync(response.Body, context.RequestAborted);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The bot is gone (a held create completed after it was killed): the message exists all the same.
            }
        }
    }

    private static (string Template, string Major) Classify(string path)
    {
        var s = path.Trim('/').Split('/');
        return s switch
        {
            ["gateway", "bot"] => ("/gateway/bot", ""),
            ["oauth2", "applications", "@me"] => ("/oauth2/applications/@me", ""),
            ["users", "@me"] => ("/users/@me", ""),
            ["channels", var c, "messages"] => ("/channels/{channel_id}/messages", c),
            ["channels", var c, "typing"] => ("/channels/{channel_id}/typing", c),
            ["channels", var c, "messages", _, "reactions", _, "@me"] => ("/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", c),
            ["interactions", var i, _, "callback"] => ("/interactions/{interaction_id}/{token}/callback", i),
            ["webhooks", var a, var t, "messages", "@original"] => ("/webhooks/{application_id}/{token}/messages/@original", a + t),
            ["webhooks", var a, var t] => ("/webhooks/{application_id}/{token}", a + t),
            ["applications", _, "commands"] => ("/applications/{application_id}/commands", ""),
            ["applications", _, "guilds", var g, "commands"] => ("/applications/{application_id}/guilds/{guild_id}/commands", g),
            _ => (path, ""),
        };
    }

    /// <summary>Discord-like buckets: a fixed window per (route, major); requests over the limit are violations (429).</summary>
    private FakeResponse? Limit(RestCall call, out Dictionary<string, string>? headers)
    {
        headers = null;
        var interaction = call.Template.StartsWith("/interactions", StringComparison.Ordinal) || call.Template.StartsWith("/webhooks", StringComparison.Ordinal);
        lock (_lock)
        {
            if (GlobalLimit > 0 && !interaction)
            {
                while (_globalWindow.Count > 0 && call.At - _globalWindow.Peek() >= TimeSpan.FromSeconds(1)) _globalWindow.Dequeue();
                if (_globalWindow.Count >= GlobalLimit)
                {
                    Interlocked.Increment(ref GlobalViolations);
                    return FakeResponse.RateLimited(0.2, global: true);
                }
                _globalWindow.Enqueue(call.At);
            }
            var key = call.Method + call.Template + "|" + call.Major;
            var (count, start) = _buckets.GetValueOrDefault(key, (0, call.At));
            if (call.At - start >= RouteWindow) (count, start) = (0, call.At);
            if (count >= RouteLimit)
            {
                Interlocked.Increment(ref Violations);
                ViolationLog.Enqueue($"route: {call.Method} {call.Path} at {call.At.TotalMilliseconds:F0} ms, window from {start.TotalMilliseconds:F0} ms");
                return FakeResponse.RateLimited((start + RouteWindow - call.At).TotalSeconds);
            }
            _buckets[key] = (count + 1, start);
            headers = new Dictionary<string, string>
            {
                ["X-RateLimit-Limit"] = RouteLimit.ToString(CultureInfo.InvariantCulture),
                ["X-RateLimit-Remaining"] = (RouteLimit - count - 1).ToString(CultureInfo.InvariantCulture),
                // Rounded up to the millisecond, as a bucket must not be reported open before it is.
                ["X-RateLimit-Reset-After"] = (Math.Ceiling((start + RouteWindow - call.At).TotalMilliseconds) / 1000).ToString("F3", CultureInfo.InvariantCulture),
                ["X-RateLimit-Bucket"] = "hash-" + Math.Abs(call.Method.GetHashCode(StringComparison.Ordinal) ^ call.Template.GetHashCode(StringComparison.Ordinal)),
            };
        }
        return null;
    }

    private FakeResponse Normal(RestCall call, Dictionary<string, string>? headers)
    {
        string json;
        var status = 200;
        switch (call.Template)
        {
            case "/gateway/bot":
                json = new JsonObject
                {
                    ["url"] = GatewayUrl,
                    ["shards"] = Shards,
                    ["session_start_limit"] = new JsonObject
                    {
                        ["total"] = 1000, ["remaining"] = SessionStartsRemaining, ["reset_after"] = SessionStartsResetAfterMs, ["max_concurrency"] = MaxConcurrency,
                    },
                }.ToJsonString();
                break;
            case "/users/@me":
                json = new JsonObject { ["id"] = BotUserId.ToString(CultureInfo.InvariantCulture), ["username"] = "quotebot", ["bot"] = true }.ToJsonString();
                break;
            case "/oauth2/applications/@me":
                json = new JsonObject
                {
                    ["id"] = ApplicationId.ToString(CultureInfo.InvariantCulture),
                    ["name"] = "quotebot",
                    ["owner"] = new JsonObject { ["id"] = OwnerId.ToString(CultureInfo.InvariantCulture), ["username"] = "owner" },
                    ["team"] = null,
                }.ToJsonString();
                break;
            case "/channels/{channel_id}/messages":
                var posted = JsonNode.Parse(call.Body)!.AsObject();
                // enforce_nonce: one message per nonce (the bot is the only author here) within the window.
                var nonce = posted["enforce_nonce"]?.GetValue<bool>() == true ? posted["nonce"]?.ToJsonString() : null;
                lock (_nonces)
                {
                    if (nonce is not null && _nonces.TryGetValue(nonce, out var earlier) && call.At - earlier.At < NonceWindow)
                    {
                        call.Deduplicated = true;
                        json = earlier.Json;
                        break;
                    }
                    json = CreateMessage(call, posted);
                    if (nonce is not null) _nonces[nonce] = (json, call.At);
                }
                if (EchoOwnMessages) _ = Task.Run(() => DispatchAsync("MESSAGE_CREATE", JsonNode.Parse(json)!));
                break;
            case "/channels/{channel_id}/typing":
            case "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me":
            case "/interactions/{interaction_id}/{token}/callback":
                status = 204;
                json = "";
                break;
            case "/webhooks/{application_id}/{token}/messages/@original":
            case "/webhooks/{application_id}/{token}":
                json = new JsonObject { ["id"] = NewId(), ["content"] = JsonNode.Parse(call.Body)?["content"]?.GetValue<string>() }.ToJsonString();
                break;
            case "/applications/{application_id}/commands":
            case "/applications/{application_id}/guilds/{guild_id}/commands":
                json = call.Body;
                break;
            default:
                return FakeResponse.Error(404, 0, "404: Not Found");
        }
        return new FakeResponse(status, json, headers);
    }

    private string CreateMessage(RestCall call, JsonObject posted) => new JsonObject
    {
        ["id"] = NewId(),
        ["channel_id"] = call.Major,
        ["content"] = posted["content"]?.GetValue<string>() ?? "",
        ["author"] = new JsonObject { ["id"] = BotUserId.ToString(CultureInfo.InvariantCulture), ["username"] = "bot" },
        ["type"] = posted["message_reference"] is null ? 0 : 19,
        ["mentions"] = new JsonArray(),
        ["nonce"] = posted["nonce"]?.DeepClone(),
    }.ToJsonString();

    // ---- gateway ----

    private async Task RunGatewayAsync(WebSocket socket, HttpContext context, bool viaResume)
    {
        FakeGatewayConnection connection;
        lock (_lock)
        {
            connection = new FakeGatewayConnection(_connections.Count, socket, context, viaResume, context.Request.QueryString.Value ?? "", Now);
            _connections.Add(connection);
        }
        try
        {
            if (ReconnectBeforeHello > 0)
            {
                ReconnectBeforeHello--;
                await connection.SendAsync("""{"op":7,"d":null,"s":null,"t":null}""", FrameChunkBytes);
            }
            connection.HelloAt = Now;
            await connection.SendAsync(new JsonObject { ["op"] = 10, ["d"] = new JsonObject { ["heartbeat_interval"] = HeartbeatIntervalMs } }.ToJsonString(), FrameChunkBytes);
            var buffer = new byte[8192];
            using var message = new MemoryStream();
            while (true)
            {
                message.SetLength(0);
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        connection.ClientCloseCode = (int?)result.CloseStatus;
                        await connection.CloseAsync((int?)result.CloseStatus ?? 1000);
                        return;
                    }
                    message.Write(buffer, 0, result.Count);
                } while (!result.EndOfMessage);
                var root = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                var op = root.GetProperty("op").GetInt32();
                var data = root.TryGetProperty("d", out var d) ? d : default;
                Received.Enqueue(new GatewayFrame(connection.Index, op, data, Now));
                switch (op)
                {
                    case 1 when !connection.Silent:
                        await connection.SendAsync("""{"op":11,"d":null,"s":null,"t":null}""", FrameChunkBytes);
                        break;
                    case 2:
                        if (data.GetProperty("token").GetString() != Token)
                        {
                            await connection.CloseAsync(4004);
                            break;
                        }
                        await StartSessionAsync(connection, data);
                        break;
                    case 6:
                        await ResumeAsync(connection, data);
                        break;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ConnectionAbortedException)
        {
        }
        finally
        {
            connection.Live = false;
            connection.Ended.TrySetResult();
        }
    }

    private async Task StartSessionAsync(FakeGatewayConnection connection, JsonElement identify)
    {
        int shard = 0, count = 1;
        if (identify.TryGetProperty("shard", out var sh) && sh.ValueKind == JsonValueKind.Array)
        {
            shard = sh[0].GetInt32();
            count = sh[1].GetInt32();
        }
        connection.Shard = shard;
        connection.ShardCount = count;
        var guilds = Guilds.Where(g => (int)((g >> 22) % (ulong)count) == shard).ToList();
        bool violation;
        lock (_lock)
        {
            var bucket = shard % MaxConcurrency;
            violation = _identifiedAt.TryGetValue(bucket, out var last) && Now - last < IdentifyWindow;
            _identifiedAt[bucket] = Now;
            if (violation)
            {
                Interlocked.Increment(ref IdentifyViolations);
                ViolationLog.Enqueue($"identify: shard {shard} bucket {bucket} {(Now - last).TotalMilliseconds:F0} ms after the last");
            }
            IdentifyLog.Enqueue((shard, count, Now));
        }
        if (violation && EnforceIdentifyWindow)
        {
            await connection.SendAsync("""{"op":9,"d":false,"s":null,"t":null}""", FrameChunkBytes);
            return;
        }
        if (shard < 0 || shard >= count)
        {
            await connection.CloseAsync(4010);
            return;
        }
        if (MaxGuildsPerShard > 0 && guilds.Count > MaxGuildsPerShard)
        {
            await connection.CloseAsync(4011);
            return;
        }
        var session = new FakeShardSession(shard, count, Guid.NewGuid().ToString("N")) { Connection = connection };
        await _session.WaitAsync();
        try
        {
            lock (_lock)
            {
                if (count != IdentifiedShardCount)
                    foreach (var stale in _sessions.Keys.Where(k => _sessions[k].Count != count).ToList()) _sessions.Remove(stale);
                IdentifiedShardCount = count;
                _sessions[shard] = session;
            }
            connection.Live = true;
        }
        finally
        {
            _session.Release();
        }
        await DispatchToAsync(session, "READY", new JsonObject
        {
            ["v"] = 10,
            ["user"] = new JsonObject { ["id"] = BotUserId.ToString(CultureInfo.InvariantCulture), ["username"] = "quotebot", ["bot"] = true },
            ["guilds"] = new JsonArray([.. guilds.Select(g => (JsonNode)new JsonObject { ["id"] = g.ToString(CultureInfo.InvariantCulture), ["unavailable"] = true })]),
            ["session_id"] = session.SessionId,
            ["resume_gateway_url"] = ResumeUrl,
            ["shard"] = new JsonArray(shard, count),
            ["application"] = new JsonObject { ["id"] = ApplicationId.ToString(CultureInfo.InvariantCulture), ["flags"] = 0 },
        });
    }

    /// <summary>Every IDENTIFY: its shard, shard count and when it arrived.</summary>
    public ConcurrentQueue<(int Shard, int Count, TimeSpan At)> IdentifyLog { get; } = new();

    private async Task ResumeAsync(FakeGatewayConnection connection, JsonElement data)
    {
        var token = data.GetProperty("token").GetString();
        var sessionId = data.GetProperty("session_id").GetString();
        var seq = data.GetProperty("seq").ValueKind == JsonValueKind.Number ? data.GetProperty("seq").GetInt32() : 0;
        FakeShardSession? session;
        lock (_lock) session = _sessions.Values.FirstOrDefault(x => x.SessionId == sessionId);
        await _session.WaitAsync();
        try
        {
            if (!ResumeAllowed || token != Token || session is null)
            {
                await connection.SendAsync("""{"op":9,"d":false,"s":null,"t":null}""", FrameChunkBytes);
                return;
            }
            connection.Shard = session.Shard;
            connection.ShardCount = session.Count;
            if (session.Connection is { } old && old != connection && old.Live) old.Drop(); // one connection per session
            session.Connection = connection;
            foreach (var json in session.Log.Skip(seq)) await connection.SendAsync(json, FrameChunkBytes);
            connection.Live = true;
        }
        finally
        {
            _session.Release();
        }
        await DispatchToAsync(session, "RESUMED", new JsonObject());
    }

    public async Task<T> WaitAsync<T>(Func<T?> probe, TimeSpan? timeout = null, string? what = null) where T : class
    {
        var deadline = Now + (timeout ?? TimeSpan.FromSeconds(10));
        while (Now < deadline)
        {
            if (probe() is { } value) return value;
            await Task.Delay(20);
        }
        throw new TimeoutException($"timed out waiting for {what ?? "condition"}");
    }

    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = Now + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (Now > deadline) throw new TimeoutException($"timed out waiting for {what ?? "condition"}");
            await Task.Delay(20);
        }
    }
}
