namespace Bot.Core.Feedback;

/// <summary>Questions answered and refused on one day (UTC).</summary>
public sealed record DayCount(DateOnly Day, int Answered, int Refused);
