namespace Bot.Core.Documents;

/// <summary>The kind of writing a document is, as <see cref="GenreDetector"/> reads it.</summary>
public enum DocumentGenre
{
    /// <summary>Long reference or encyclopedic text (SQuAD's Wikipedia articles, manuals, long READMEs).</summary>
    Reference,

    /// <summary>Wire-style news: a short article of short paragraphs with reported speech ("said", "told").</summary>
    News,
}
