using Bot.Core.Indexing;
using Bot.Core.Questions;

namespace Bot.Core.Search;

/// <summary>Finds the passages most likely to answer a question (BM25, vectors, or both fused).</summary>
public interface IRetriever
{
    string Mode { get; }

    Task<IReadOnlyList<PassageHit>> RetrieveAsync(IIndexReader reader, QuestionAnalysis question, int limit, CancellationToken cancellationToken);
}
