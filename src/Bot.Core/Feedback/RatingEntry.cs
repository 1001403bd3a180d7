namespace Bot.Core.Feedback;

/// <summary>One rating of a <see cref="RatedAnswer"/>, as the report shows it (no rater hash).</summary>
public sealed record RatingEntry(FeedbackRating Rating, bool ByAsker, string? Reason, DateTimeOffset Time);
