namespace Bot.Core.Feedback;

/// <summary>A question the bot did not answer, and the index of its <see cref="GapGroup"/> in the report.</summary>
public sealed record RefusedQuestion(DateTimeOffset Time, string FrontEnd, string Question, int Group);
