using System.Text.Json;
using Bot.Discord.Gateway;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Discord.Tests.Gateway;

/// <summary>The session state the payloads carry, without a socket: what READY records, what RESUME and heartbeats send.</summary>
public sealed class GatewaySessionTests
{
    private static (GatewayDispatch Dispatch, bool Ready) Dispatch(GatewaySession session, string json, string? gatewayUrl = "wss://gateway.example")
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return session.OnDispatch(root, root.GetProperty("d"), gatewayUrl);
    }

    [Fact]
    public void Ready_records_the_session_and_its_resume_url_and_resume_carries_the_last_sequence()
    {
        var session = new GatewaySession(NullLogger.Instance);
        var (ready, isReady) = Dispatch(session, """{"op":0,"t":"READY","s":1,"d":{"session_id":"abc","resume_gateway_url":"wss://resume.example","user":{"id":"7","username":"bot"}}}""");
        Dispatch(session, """{"op":0,"t":"MESSAGE_CREATE","s":5,"d":{}}""");

        Assert.True(isReady);
        Assert.Equal("READY", ready.Type);
        Assert.Equal("abc", session.SessionId);
        Assert.Equal("wss://resume.example", session.ResumeUrl);
        Assert.True(session.CanResume);
        Assert.Equal(5, session.Sequence);
        Assert.Equal(1, session.Identifies);
        using var resume = JsonDocument.Parse(session.Resume("token"));
        Assert.Equal((int)GatewayOpCode.Resume, resume.RootElement.GetProperty("op").GetInt32());
        Assert.Equal("abc", resume.RootElement.GetProperty("d").GetProperty("session_id").GetString());
        Assert.Equal(5, resume.RootElement.GetProperty("d").GetProperty("seq").GetInt32());
        Assert.Equal("""{"op":1,"d":5}""", session.Heartbeat());
    }

    [Fact]
    public void Ready_without_a_resume_url_resumes_on_the_gateway_url()
    {
        var session = new GatewaySession(NullLogger.Instance);
        Dispatch(session, """{"op":0,"t":"READY","s":1,"d":{"session_id":"abc","user":{"id":"7","username":"bot"}}}""", gatewayUrl: "wss://gateway.example");
        Assert.Equal("wss://gateway.example", session.ResumeUrl);
    }

    [Fact]
    public void Cleared_session_identifies_afresh_and_heartbeats_carry_no_sequence()
    {
        var session = new GatewaySession(NullLogger.Instance);
        Dispatch(session, """{"op":0,"t":"READY","s":3,"d":{"session_id":"abc","user":{"id":"7","username":"bot"}}}""");
        session.Clear();
        Assert.False(session.CanResume);
        Assert.Null(session.SessionId);
        Assert.Null(session.Sequence);
        Assert.Equal("""{"op":1,"d":null}""", session.Heartbeat());
    }

    [Fact]
    public void Resumed_counts_a_resume_and_is_ready()
    {
        var session = new GatewaySession(NullLogger.Instance);
        var (_, ready) = Dispatch(session, """{"op":0,"t":"RESUMED","s":9,"d":{}}""");
        Assert.True(ready);
        Assert.Equal(1, session.Resumes);
        Assert.Equal(9, session.Sequence);
    }
}
