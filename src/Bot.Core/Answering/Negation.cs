using System.Text.RegularExpressions;

namespace Bot.Core.Answering;

/// <summary>
/// Whether a sentence negates what it states: "not", "no", "never", "n't", "none", "neither/nor", "without", "no longer",
/// or an act that is the proposition's denial ("acquitted", "refused", "denied"); for a question that asks whether
/// something ever happened, "the first" also settles it.
/// </summary>
internal static partial class Negation
{
    /// <summary>Whether the sentence holds a negation (and, when <paramref name="firstSettles"/>, "the first …").</summary>
    public static bool Holds(string sentence, bool firstSettles)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        return Cue().IsMatch(sentence) || (firstSettles && First().IsMatch(sentence));
    }

    [GeneratedRegex(@"\b(not|no|never|none|neither|nor|nothing|nobody|no-one|without|cannot|refused|refuses|denied|denies|acquitted|rejected)\b|n't\b|n’t\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Cue();

    [GeneratedRegex(@"\bthe\s+first\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex First();
}
