namespace Bot.Discord.Sharding;

/// <summary>What GET /gateway/bot said about <c>session_start_limit</c>, <paramref name="Age"/> ago.</summary>
public readonly record struct SessionStartReading(int Remaining, TimeSpan ResetAfter, TimeSpan Age);
