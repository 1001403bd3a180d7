namespace Bot.Discord.Gateway;

/// <summary>How one gateway connection ended, i.e. what to do next.</summary>
internal enum ConnectionOutcome
{
    /// <summary>Reconnect to resume_gateway_url and RESUME (op 7, op 9 true, drop, resumable close, zombie).</summary>
    Resume,

    /// <summary>Drop the session, reconnect and IDENTIFY behind the identify gate.</summary>
    Reidentify,

    /// <summary>Could not connect or no HELLO came.</summary>
    ConnectFailed,

    /// <summary>Fatal close code: stop.</summary>
    Fatal,

    /// <summary>We were asked to stop and closed with 1000.</summary>
    Shutdown,
}
