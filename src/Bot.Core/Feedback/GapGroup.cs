namespace Bot.Core.Feedback;

/// <summary>Refused questions about one topic: what the sources seem to lack.</summary>
/// <param name="Name">The group's most frequent content words, e.g. "passport visa renewal".</param>
/// <param name="Count">Refused questions in the group.</param>
/// <param name="Examples">Up to three of them, the most typical first.</param>
public sealed record GapGroup(string Name, int Count, IReadOnlyList<string> Examples);
