using System.Diagnostics;

namespace Bot.Discord.Telemetry;

/// <summary>
/// The Discord front end's <see cref="ActivitySource"/>: a <c>question</c> span per accepted question (mention, DM or
/// <c>/ask</c>) whose children are the answering steps (<see cref="Core.Answering.AnswerTracing"/>) and <c>send</c>, the
/// REST calls that deliver the reply. No question or answer text is recorded.
/// </summary>
public static class DiscordTracing
{
    public const string SourceName = "Bot.Discord";

    public static ActivitySource Source { get; } = new(SourceName, typeof(DiscordTracing).Assembly.GetName().Version?.ToString(3));
}
