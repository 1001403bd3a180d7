namespace Bot.Core.Feedback;

/// <summary>What `bot report` and Discord's /report show: use, gaps, ratings and unused documents over a period.</summary>
/// <param name="Since">Start of the period (UTC).</param>
/// <param name="Until">When the report was made.</param>
/// <param name="Asked">Questions logged in the period.</param>
/// <param name="Answered">Of those, answered with quotes.</param>
/// <param name="Askers">Distinct askers (by hash).</param>
/// <param name="GroupedBy">How refused questions were grouped: the embedding model's name, or "words".</param>
/// <param name="PerDay">Answered and refused per day, oldest first.</param>
/// <param name="Gaps">Refused questions grouped by topic, largest group first.</param>
/// <param name="Refused">Every refused question, oldest first, with its group.</param>
/// <param name="WorstRated">The worst-rated answers (score below zero), worst first, at most ten.</param>
/// <param name="Rated">Every rated answer, newest first.</param>
/// <param name="NeverQuoted">Indexed documents no answer of the period quoted first.</param>
public sealed record FeedbackReport(
    DateTimeOffset Since,
    DateTimeOffset Until,
    int Asked,
    int Answered,
    int Askers,
    string GroupedBy,
    IReadOnlyList<DayCount> PerDay,
    IReadOnlyList<GapGroup> Gaps,
    IReadOnlyList<RefusedQuestion> Refused,
    IReadOnlyList<RatedAnswer> WorstRated,
    IReadOnlyList<RatedAnswer> Rated,
    IReadOnlyList<UnquotedDocument> NeverQuoted)
{
    public int RefusedCount => Asked - Answered;

    /// <summary>Answered ÷ asked (0 when nothing was asked).</summary>
    public double AnsweredShare => Asked == 0 ? 0 : (double)Answered / Asked;
}
