namespace Bot.Core.Indexing;

/// <summary>
/// A file whose content duplicates an indexed document: not indexed again (the document cites the first path), but
/// remembered with its stamp so later runs skip it without reading it.
/// </summary>
public sealed record StoredAlias(string Path, string ContentHash, long Size, long ModifiedTicks);
