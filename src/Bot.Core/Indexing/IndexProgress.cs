namespace Bot.Core.Indexing;

/// <summary>Progress of an indexing run: <paramref name="Done"/> of <paramref name="Total"/> files.</summary>
public sealed record IndexProgress(int Done, int Total, string? CurrentPath);
