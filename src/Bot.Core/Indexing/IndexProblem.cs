namespace Bot.Core.Indexing;

/// <summary>A file that could not be indexed (or was skipped) and why, in one line.</summary>
public sealed record IndexProblem(string Path, string Message, bool Skipped = false);
