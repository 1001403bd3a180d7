using System.ComponentModel.DataAnnotations;

namespace Bot.Core.Feedback;

/// <summary>
/// The <c>Bot:Feedback</c> section: the question log and answer ratings, kept in the index store (never in logs). Off
/// unless <see cref="Enabled"/>; the CLI's appsettings.json turns it on, and only `bot chat` and `bot discord` record.
/// </summary>
public sealed class FeedbackOptions
{
    public const string SectionName = "Bot:Feedback";

    /// <summary>Record questions, outcomes and ratings (default off in the library).</summary>
    public bool Enabled { get; set; }

    /// <summary>Rows older than this many days are deleted (at the first record of a run, then daily, and by `bot report`).</summary>
    [Range(1, 36_500)]
    public int RetentionDays { get; set; } = 90;

    /// <summary>Discord: the reactions the bot adds under each answer, the first meaning good and the second bad.</summary>
    [MinLength(2)]
    [MaxLength(2)]
    public string[] Reactions { get; set; } = ["👍", "👎"];

    /// <summary>`bot report`: questions whose average cosine similarity reaches this form one gap group (0–1).</summary>
    [Range(0.05, 0.99)]
    public double GapSimilarity { get; set; } = 0.35;
}
