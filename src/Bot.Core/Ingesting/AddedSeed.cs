using Bot.Core.Documents;

namespace Bot.Core.Ingesting;

/// <summary>
/// What `bot add` did with one item: the seeds-relative path it was saved under (or is already present under, when
/// <see cref="AlreadyPresent"/>), and the document as the index will read it.
/// </summary>
public sealed record AddedSeed(string Path, Document Document, bool AlreadyPresent);
