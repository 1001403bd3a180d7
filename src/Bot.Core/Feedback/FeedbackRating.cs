namespace Bot.Core.Feedback;

/// <summary>A rating of one answer: `/good` or 👍, `/bad` or 👎.</summary>
public enum FeedbackRating
{
    Bad = -1,
    Good = 1,
}
