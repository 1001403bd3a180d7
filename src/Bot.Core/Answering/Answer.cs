namespace Bot.Core.Answering;

/// <summary>
/// The one answer model every front end renders (console, Discord, JSON).
/// </summary>
/// <param name="Question">The question as the user asked it.</param>
/// <param name="Answered">False when the sources do not answer ("not found").</param>
/// <param name="Quotes">1–3 verbatim quotes, best first; empty when not answered.</param>
/// <param name="Closest">When not answered: the nearest passages, shown as "closest, not an answer".</param>
/// <param name="Text">Optional prose (LLM answers carry [n] markers pointing into <paramref name="Quotes"/>).</param>
/// <param name="Note">Optional one-line note for the user (e.g. "LLM unavailable; extractive answer").</param>
/// <param name="Confidence">0..1, how sure the answerer is that the first quote answers.</param>
public sealed record Answer(
    string Question,
    bool Answered,
    IReadOnlyList<Quote> Quotes,
    IReadOnlyList<Quote> Closest,
    string? Text = null,
    string? Note = null,
    double Confidence = 0)
{
    public const string NotFoundText = "Not found in the sources.";

    public static Answer NotFound(string question, IReadOnlyList<Quote>? closest = null, string? note = null) =>
        new(question, false, [], closest ?? [], NotFoundText, note, 0);
}
