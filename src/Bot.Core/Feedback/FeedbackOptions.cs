using System.ComponentModel.DataAnnotations;

namespace Bot.Core.Feedback;

/// <summary>
/// The <c>Bot:Feedback</c> section: the question log and answer ratings, kept in the index store (never in logs). Off
/// unless <see cref="Enabled"/>; the CLI's appsettings.json turns it on, and only `bot chat` and `bot discord` record.
/// </summary>
public sealed class FeedbackOptions : IValidatableObject
{
    public const string SectionName = "Bot:Feedback";

    /// <summary>Record questions, outcomes and ratings (default off in the library).</summary>
    public bool Enabled { get; set; }

    /// <summary>Rows older than this many days are deleted (at the first record of a run, then daily, and by `bot report`).</summary>
    [Range(1, 36_500)]
    public int RetentionDays { get; set; } = 90;

    /// <summary>
    /// Discord: the two reactions the bot adds under each answer, the first meaning good and the second bad (a Unicode
    /// emoji, or <c>name:id</c> for a custom one); unset: <see cref="DefaultReactions"/>. (Null by default because the
    /// configuration binder appends to an array it finds filled.)
    /// </summary>
    public string[]? Reactions { get; set; }

    public static IReadOnlyList<string> DefaultReactions { get; } = ["👍", "👎"];

    /// <summary>The reactions in use: <see cref="Reactions"/> when set, else 👍 and 👎.</summary>
    public IReadOnlyList<string> ReactionsInUse => Reactions is { Length: > 0 } r ? r : DefaultReactions;

    /// <summary>`bot report`: questions whose average cosine similarity reaches this form one gap group (0–1).</summary>
    [Range(0.05, 0.99)]
    public double GapSimilarity { get; set; } = 0.35;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Reactions is { Length: > 0 } r && (r.Length != 2 || r.Any(string.IsNullOrWhiteSpace) || r[0] == r[1]))
            yield return new ValidationResult($"{SectionName}:Reactions must be two different emoji: good, then bad", [nameof(Reactions)]);
    }
}
