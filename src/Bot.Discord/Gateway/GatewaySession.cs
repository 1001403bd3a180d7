using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Gateway;

/// <summary>
/// The session as the gateway's payloads describe it: the last sequence number, the session id and resume URL from
/// READY, how often it identified and resumed; and the payloads built from it (heartbeat, IDENTIFY, RESUME).
/// Outlives connections: a new socket resumes it.
/// </summary>
internal sealed class GatewaySession(ILogger logger)
{
    private int _sequence = -1;
    private int _identifies, _resumes;

    public string? SessionId { get; private set; }

    /// <summary>READY's resume_gateway_url (or the gateway URL when it gives none).</summary>
    public string? ResumeUrl { get; private set; }

    public int? Sequence => Volatile.Read(ref _sequence) is var s and >= 0 ? s : null;

    public int Identifies => Volatile.Read(ref _identifies);

    public int Resumes => Volatile.Read(ref _resumes);

    /// <summary>True when the next connection resumes rather than identifies.</summary>
    public bool CanResume => SessionId is not null && ResumeUrl is not null;

    /// <summary>A session saved by an earlier process: the next connection RESUMEs it.</summary>
    public void Restore(string sessionId, int sequence, string resumeUrl)
    {
        SessionId = sessionId;
        ResumeUrl = resumeUrl;
        Volatile.Write(ref _sequence, sequence);
    }

    /// <summary>Forgets the session: the next connection identifies afresh.</summary>
    public void Clear()
    {
        SessionId = null;
        ResumeUrl = null;
        Volatile.Write(ref _sequence, -1);
    }

    /// <summary>
    /// A dispatch (op 0): records its sequence number and, for READY and RESUMED, the session. Returns the dispatch for
    /// the handler and whether the session is now ready.
    /// </summary>
    public (GatewayDispatch Dispatch, bool Ready) OnDispatch(JsonElement root, JsonElement data, string? gatewayUrl)
    {
        if (root.GetInt("s") is { } s) Volatile.Write(ref _sequence, s);
        var type = root.GetString("t") ?? "";
        bool ready = false;
        if (type == "READY")
        {
            SessionId = data.GetString("session_id");
            ResumeUrl = data.GetString("resume_gateway_url") ?? gatewayUrl;
            ready = true;
            Interlocked.Increment(ref _identifies);
            Log.GatewayReady(logger, data.GetObject("user").GetString("username"),
                data.GetObject("user").GetString("id"), data.TryGetProperty("guilds", out var g) && g.ValueKind == JsonValueKind.Array ? g.GetArrayLength() : 0);
        }
        else if (type == "RESUMED")
        {
            ready = true;
            Interlocked.Increment(ref _resumes);
            Log.GatewayResumed(logger, Sequence);
        }
        return (new GatewayDispatch(type, data.Clone(), root.GetInt("s")), ready);
    }

    public string Heartbeat() => new JsonObject { ["op"] = (int)GatewayOpCode.Heartbeat, ["d"] = Sequence }.ToJsonString();

    public static string Identify(string? token, Sharding.ShardInfo? shard = null)
    {
        var identify = new JsonObject
        {
            ["op"] = (int)GatewayOpCode.Identify,
            ["d"] = new JsonObject
            {
                ["token"] = token,
                ["intents"] = (int)GatewayIntents.ChatBot,
                ["properties"] = new JsonObject { ["os"] = Environment.OSVersion.Platform.ToString().ToLowerInvariant(), ["browser"] = "bot", ["device"] = "bot" },
            },
        };
        if (shard is { } sh) identify["d"]!["shard"] = new JsonArray(sh.Id, sh.Count);
        return identify.ToJsonString();
    }

    public string Resume(string? token)
    {
        var resume = new JsonObject
        {
            ["op"] = (int)GatewayOpCode.Resume,
            ["d"] = new JsonObject { ["token"] = token, ["session_id"] = SessionId, ["seq"] = Sequence },
        };
        return resume.ToJsonString();
    }
}
