using Bot.Core.Indexing;
using Bot.Core.Text;

namespace Bot.Core.Evaluation;

/// <summary>
/// The peer a user would otherwise reach for: plain BM25 over single sentences (FTS5, porter tokenizer, default bm25
/// ranking), every word of the question OR-ed, no question analysis, never abstains unless nothing matches.
/// </summary>
public static class Bm25Baseline
{
    public static async Task<IReadOnlyList<(SentenceRow Sentence, double Score)>> SearchAsync(IIndexReader reader, string question, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(question);
        var words = WordTokenizer.Tokenize(question).Select(t => t.Surface.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        return await reader.SearchSentencesAsync(words, limit, cancellationToken).ConfigureAwait(false);
    }
}
