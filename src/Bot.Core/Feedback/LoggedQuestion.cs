namespace Bot.Core.Feedback;

/// <summary>One row of the question log.</summary>
/// <param name="Id">The row's id (ratings refer to it).</param>
/// <param name="Time">When it was answered (UTC).</param>
/// <param name="FrontEnd">"chat" or "discord".</param>
/// <param name="Question">The question as asked.</param>
/// <param name="Answered">False when the bot said "Not found in the sources."</param>
/// <param name="Document">The first quote's document path; null when refused.</param>
/// <param name="Paragraph">The first quote's paragraph; null when refused.</param>
/// <param name="Confidence">The answer's confidence, 0..1.</param>
/// <param name="Asker">An opaque salted hash of who asked (<see cref="AskerHasher"/>).</param>
public sealed record LoggedQuestion(
    long Id,
    DateTimeOffset Time,
    string FrontEnd,
    string Question,
    bool Answered,
    string? Document,
    int? Paragraph,
    double Confidence,
    string Asker);
