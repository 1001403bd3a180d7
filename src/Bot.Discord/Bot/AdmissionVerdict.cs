namespace Bot.Discord.Bot;

/// <summary>What <see cref="QuestionAdmission"/> decided about one question.</summary>
public enum AdmissionVerdict
{
    /// <summary>Answer it (the caller holds a place in the queue until the answer is sent).</summary>
    Accepted,

    /// <summary>The queue of pending questions is full: tell the asker to try again shortly.</summary>
    Busy,

    /// <summary>The asker (or the channel) just went over its rate: one polite reply.</summary>
    Limited,

    /// <summary>Still over the rate after the polite reply: say nothing.</summary>
    Ignored,
}
