using System.Diagnostics;

namespace Bot.Core.Answering;

/// <summary>
/// The <see cref="ActivitySource"/> of the answering steps: one span per step of a question (<c>answer</c>, and inside
/// it <c>retrieve</c>, <c>rank</c>, <c>compose</c>; <c>llm</c> when an LLM writes the answer). Nothing is recorded unless
/// a listener (an OpenTelemetry tracer provider, a test's <see cref="ActivityListener"/>) subscribes to <see cref="SourceName"/>.
/// Spans carry no question or answer text.
/// </summary>
public static class AnswerTracing
{
    public const string SourceName = "Bot.Answering";

    public static ActivitySource Source { get; } = new(SourceName, typeof(AnswerTracing).Assembly.GetName().Version?.ToString(3));
}
