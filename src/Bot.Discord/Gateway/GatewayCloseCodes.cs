namespace Bot.Discord.Gateway;

/// <summary>What a close of the gateway connection means for the session.</summary>
public static class GatewayCloseCodes
{
    /// <summary>Our own close when we intend to resume: any code but 1000/1001 keeps the session alive.</summary>
    public const int ResumableClose = 4900;

    /// <summary>Never reconnect after these: a reconnect loop would fail the same way (bad token, shard or intents).</summary>
    public static bool IsFatal(int code) => code is 4004 or 4010 or 4011 or 4012 or 4013 or 4014;

    /// <summary>
    /// The session is gone: reconnect with a fresh IDENTIFY. A server's 1000 ends the session; its 1001 ("going away", a
    /// gateway node restarting) does not: the bot RESUMEs, and falls back to IDENTIFY if Discord answers op 9.
    /// </summary>
    public static bool RequiresNewSession(int code) => code is 1000 or 4003 or 4005 or 4007 or 4008 or 4009;

    public static string Describe(int code) => code switch
    {
        1000 => "normal closure",
        1001 => "going away",
        4000 => "unknown error",
        4001 => "unknown opcode",
        4002 => "decode error",
        4003 => "not authenticated",
        4004 => "authentication failed: the bot token is invalid",
        4005 => "already authenticated",
        4007 => "invalid sequence",
        4008 => "rate limited",
        4009 => "session timed out",
        4010 => "invalid shard",
        4011 => "sharding required",
        4012 => "invalid API version",
        4013 => "invalid intents",
        4014 => "disallowed intents: enable the Message Content intent for the bot in the Developer Portal",
        _ => "unexpected close",
    };
}
