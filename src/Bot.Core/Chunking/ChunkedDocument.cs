using Bot.Core.Documents;

namespace Bot.Core.Chunking;

/// <summary>A document with its sentences and passages.</summary>
public sealed record ChunkedDocument(Document Document, IReadOnlyList<SentenceChunk> Sentences, IReadOnlyList<PassageChunk> Passages);
