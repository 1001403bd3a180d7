namespace Bot.Core.Answering;

/// <summary>A question plus the knobs a front end may set.</summary>
/// <param name="Question">The user's question.</param>
/// <param name="MaxQuotes">Upper bound on quotes returned (1–3 by default).</param>
/// <param name="History">Recent conversation turns, oldest first (used to condense follow-ups).</param>
public sealed record AskRequest(
    string Question,
    int MaxQuotes = 3,
    IReadOnlyList<ChatTurn>? History = null);
