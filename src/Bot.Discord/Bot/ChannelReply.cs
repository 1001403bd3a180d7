using Bot.Core.Answering;

namespace Bot.Discord.Bot;

/// <summary>The messages that answer a question, and the answer itself (null when none was made: a bad question, a failure).</summary>
public sealed record ChannelReply(IReadOnlyList<string> Messages, Answer? Answer);
