using System.Text.RegularExpressions;

namespace Bot.Core.Questions;

/// <summary>
/// A question that asks two things at once ("Which shuttles were lost in accidents, and when?", "What did the DNA
/// show, and why does that matter?"): its answer usually runs across two adjacent sentences, so the first quote spans
/// the best sentence and its likelier neighbour.
/// </summary>
public static partial class CompoundQuestion
{
    public static bool IsCompound(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        // A question that opens with "and" ("and when did they blacklist them?") is a follow-up, not a second ask.
        var trimmed = question.TrimStart();
        return SecondAsk().Matches(trimmed).Any(m => m.Index > 0);
    }

    // "…, and when?" / "… and why does …": a coordination followed by a question word or an auxiliary that opens a second question.
    [GeneratedRegex(@"(,\s*and|\band)\s+(why|how|when|where|who|whom|whose|what|which|is|are|was|were|does|did|do|has|have|had|will|would|can|could)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecondAsk();
}
