namespace Bot.DiscordBench;

/// <summary>Questions over seeds/ (the Taliban article): answered and unanswered ones, as the end-to-end tests ask.</summary>
internal static class SeedQuestions
{
    public static readonly string[] All =
    [
        "when did Russia delist the Taliban?",
        "who praised the step?",
        "what did Putin call the Taliban?",
        "what does the UN call the Taliban?",
        "what happened to the central bank assets?",
        "when did Russia blacklist the Taliban?",
        "who did the Taliban foreign minister meet in Moscow?",
        "what is the capital of Australia?",
    ];
}
