namespace Bot.Core.Questions;

/// <summary>
/// A content word of the question. <see cref="Stem"/> is the spelling-folded Porter stem used for matching;
/// <see cref="Variants"/> are related forms (delist → list) that match with a lower weight.
/// </summary>
public sealed record QueryTerm(string Surface, string Normal, string Stem, IReadOnlyList<string> Variants, bool IsAcronym);
