namespace Bot.Discord.Telemetry;

/// <summary>What became of a question, as the <c>outcome</c> label of <c>bot_discord_questions_total</c>.</summary>
public enum QuestionOutcome
{
    /// <summary>Answered with quotes.</summary>
    Answered,

    /// <summary>"Not found in the sources." was sent.</summary>
    Abstained,

    /// <summary>No question to answer: empty, too long, control characters (the asker got the reason).</summary>
    Invalid,

    /// <summary>Turned away by the per-user or per-channel rate (one polite reply, then silence).</summary>
    Limited,

    /// <summary>Turned away because the pending-question queue was full.</summary>
    Busy,

    /// <summary>Answering or sending the reply failed.</summary>
    Failed,
}
