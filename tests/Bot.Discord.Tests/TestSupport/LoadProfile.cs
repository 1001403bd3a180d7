namespace Bot.Discord.Tests.TestSupport;

/// <summary>
/// The load of issue 16: <see cref="Users"/> users asking <see cref="QuestionsPerUser"/> questions each, evenly over
/// <see cref="Span"/>, two users to a channel, plus one flooder sending <see cref="FlooderQuestions"/> in their own
/// channel. The issue's size is 50 × 20 = 1,000 questions and a flooder's 200 in 2 minutes.
/// </summary>
public sealed record LoadProfile(int Users, int QuestionsPerUser, int FlooderQuestions, TimeSpan Span)
{
    public static LoadProfile Issue { get; } = new(50, 20, 200, TimeSpan.FromMinutes(2));

    public int NormalQuestions => Users * QuestionsPerUser;

    public const ulong FlooderId = 9_999;

    public const ulong FlooderChannel = 70_000;

    public static ulong UserId(int user) => 10_000 + (ulong)user;

    public static ulong ChannelOf(int user) => 60_000 + (ulong)(user / 2);
}
