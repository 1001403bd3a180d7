using Bot.Core.Answering;
using Bot.Discord.Telemetry;

namespace Bot.Discord.Bot;

/// <summary>The messages that answer a question, and the answer itself (null when none was made: a bad question, a failure).</summary>
/// <param name="Failed">True when answering failed and the messages say so.</param>
public sealed record ChannelReply(IReadOnlyList<string> Messages, Answer? Answer, bool Failed = false)
{
    /// <summary>What the reply is, for the metrics.</summary>
    public QuestionOutcome Outcome =>
        Failed ? QuestionOutcome.Failed : Answer is null ? QuestionOutcome.Invalid : Answer.Answered ? QuestionOutcome.Answered : QuestionOutcome.Abstained;
}
