namespace Bot.Discord.Bot;

/// <summary>What the shared per-user and per-channel rates (<see cref="IQuestionRates"/>) say about one question.</summary>
public enum QuestionRate
{
    /// <summary>Within both rates; the question was counted.</summary>
    Allowed,

    /// <summary>The asker just went over <see cref="DiscordOptions.UserQuestionsPerMinute"/>: now muted, one polite reply.</summary>
    UserOver,

    /// <summary>The channel just went over <see cref="DiscordOptions.ChannelQuestionsPerMinute"/>: now muted, one polite reply.</summary>
    ChannelOver,

    /// <summary>The asker or the channel is muted after going over: say nothing.</summary>
    Muted,
}
