namespace Bot.Core.Indexing;

/// <summary>The two halves of an indexing run: text first (searchable by words at once), vectors after.</summary>
public enum IndexPhase
{
    /// <summary>Reading, chunking and storing the files' text (BM25 finds it as soon as each document commits).</summary>
    Text,

    /// <summary>Embedding passages and sentences that have no vector yet.</summary>
    Embedding,
}
