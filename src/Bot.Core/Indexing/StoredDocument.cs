namespace Bot.Core.Indexing;

/// <summary>What the index remembers of a file to decide whether it changed.</summary>
public sealed record StoredDocument(long Id, string Path, string Title, string ContentHash, long Size, long ModifiedTicks);
