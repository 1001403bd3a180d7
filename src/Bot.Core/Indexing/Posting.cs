namespace Bot.Core.Indexing;

/// <summary>
/// One row of a term's postings: the row (sentence or passage id), its document, its length in FTS5 tokens over all
/// columns, and how often the term occurs in its title (passages only) and in its text.
/// </summary>
internal readonly record struct Posting(long Id, long Document, int Length, int Title, int Text);
