namespace Bot.Core.Feedback;

/// <summary>A logged answer with its ratings.</summary>
/// <param name="Time">When it was answered.</param>
/// <param name="FrontEnd">"chat" or "discord".</param>
/// <param name="Question">The question.</param>
/// <param name="Answered">False for "Not found in the sources."</param>
/// <param name="Document">The first quote's document.</param>
/// <param name="Paragraph">The first quote's paragraph.</param>
/// <param name="Confidence">The answer's confidence.</param>
/// <param name="Score">The asker's rating counts two (±2), everyone else's one each: below zero is badly rated.</param>
/// <param name="Reason">The first reason given with a bad rating (the asker's first), if any.</param>
/// <param name="Ratings">Every rating, the asker's first.</param>
/// <param name="Quotes">The answer's quotes, kept with a bad rating.</param>
public sealed record RatedAnswer(
    DateTimeOffset Time,
    string FrontEnd,
    string Question,
    bool Answered,
    string? Document,
    int? Paragraph,
    double Confidence,
    int Score,
    string? Reason,
    IReadOnlyList<RatingEntry> Ratings,
    IReadOnlyList<RatedQuote> Quotes);
