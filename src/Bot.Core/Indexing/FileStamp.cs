namespace Bot.Core.Indexing;

/// <summary>Size and modification time of a file when it was read.</summary>
public readonly record struct FileStamp(long Size, long ModifiedTicks);
