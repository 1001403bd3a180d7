namespace Bot.Core.Feedback;

/// <summary>One rating of a logged answer; one per rater and answer (a later one replaces it).</summary>
/// <param name="QuestionId">The <see cref="LoggedQuestion.Id"/> rated.</param>
/// <param name="Time">When (UTC).</param>
/// <param name="Rating">Good or bad.</param>
/// <param name="ByAsker">True when the asker rated; others' ratings are counted separately.</param>
/// <param name="Reason">`/bad why`: the reason given, if any.</param>
/// <param name="Quotes">A bad rating: the answer's quotes; empty otherwise.</param>
/// <param name="Rater">An opaque salted hash of who rated.</param>
public sealed record StoredRating(
    long QuestionId,
    DateTimeOffset Time,
    FeedbackRating Rating,
    bool ByAsker,
    string? Reason,
    IReadOnlyList<RatedQuote> Quotes,
    string Rater);
