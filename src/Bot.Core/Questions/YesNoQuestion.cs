using System.Text.RegularExpressions;

namespace Bot.Core.Questions;

/// <summary>
/// A yes/no question: it opens with an auxiliary ("Did the Senate find…?", "Was anybody killed…?", "Has a Thai royal
/// ever run…?"). News settles such a question as often by a negation ("the Senate did not find…", "no deaths were
/// reported") as by the proposition itself.
/// </summary>
public static partial class YesNoQuestion
{
    /// <summary>Whether the question opens with an auxiliary verb and so asks yes or no.</summary>
    public static bool IsYesNo(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return Auxiliary().IsMatch(question);
    }

    /// <summary>Whether the question asks whether something ever happened before ("Has a Thai royal ever run…?"): "the first" settles it.</summary>
    public static bool AsksEver(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return Ever().IsMatch(question);
    }

    [GeneratedRegex(@"^\s*(did|does|do|is|was|were|are|has|have|had|can|could|will|would|should|shall|may|might|must)\b(?!\s+(what|who|where|when|why|how)\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Auxiliary();

    [GeneratedRegex(@"\b(ever|before|previously)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Ever();
}
