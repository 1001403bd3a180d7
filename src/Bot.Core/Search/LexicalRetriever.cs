using Bot.Core.Indexing;
using Bot.Core.Questions;

namespace Bot.Core.Search;

/// <summary>BM25 over passages (SQLite FTS5, Porter stems), with the question's related word forms OR-ed in.</summary>
public sealed class LexicalRetriever : IRetriever
{
    public string Mode => "lexical (BM25)";

    public Task<IReadOnlyList<PassageHit>> RetrieveAsync(IIndexReader reader, QuestionAnalysis question, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(question);
        return reader.SearchPassagesAsync(question.SearchTerms, limit, cancellationToken);
    }
}
