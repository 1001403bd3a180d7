namespace Bot.Core.Answering;

/// <summary>One step of a streamed answer: an unverified draft delta, or the final verified answer.</summary>
/// <param name="Draft">Text the model just wrote (not yet verified: never present it as a quote).</param>
/// <param name="Final">The verified answer (or the extractive fallback); set on the last update only.</param>
public sealed record AnswerUpdate(string? Draft, Answer? Final)
{
    public static AnswerUpdate Delta(string text) => new(text, null);

    public static AnswerUpdate Done(Answer answer) => new(null, answer);
}
