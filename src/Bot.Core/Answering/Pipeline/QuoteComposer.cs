using Bot.Core.Indexing;
using Bot.Core.Questions;
using Bot.Core.Text;
using Microsoft.Extensions.Options;

namespace Bot.Core.Answering.Pipeline;

/// <summary>
/// Quote composition: the answer's verbatim quotes (the first one or two sentences, then further candidates the ranker
/// is nearly as sure of), or "not found" with the two closest sentences when the abstainer refused.
/// </summary>
internal sealed class QuoteComposer(IOptions<ScoringWeights> weights)
{
    private readonly ScoringWeights _weights = weights.Value;

    public async Task<Answer> ComposeAsync(IIndexReader reader, string question, AnswerType type, IReadOnlyList<ScoredSentence> ranked, IReadOnlyList<SentenceRow> all,
        bool answered, double confidence, int maxQuotes, CancellationToken cancellationToken)
    {
        var best = ranked[0];
        if (!answered)
        {
            var closest = ranked.Take(2).Select(s => ToQuote(s.Sentence, s.Score)).ToList();
            return Answer.NotFound(question, closest);
        }
        var quotes = new List<Quote> { await FirstQuoteAsync(reader, question, type, ranked, all, cancellationToken).ConfigureAwait(false) };
        var used = new HashSet<long> { best.Sentence.Id };
        foreach (var s in ranked.Skip(1))
        {
            if (quotes.Count >= maxQuotes) break;
            if (s.Score < best.Score * _weights.FollowUpQuoteRatio) break;
            if (used.Contains(s.Sentence.Id) || quotes.Any(q => q.Path == s.Sentence.Path && q.Start <= s.Sentence.Start && s.Sentence.End <= q.End)) continue;
            used.Add(s.Sentence.Id);
            quotes.Add(ToQuote(s.Sentence, s.Score));
        }
        return new Answer(question, true, quotes, [], null, null, Math.Round(Math.Clamp(confidence, 0, 1), 4));
    }

    /// <summary>
    /// The first quote is one or two sentences: the best one, plus its neighbour in the same paragraph when the best
    /// opens with a pronoun that leans on the sentence before (if the two are short enough), when the ranker is nearly
    /// as sure of an adjacent sentence (the answer and the question's words often straddle a sentence boundary), or
    /// when the question expects a date, number, quantity, person or place that the best sentence lacks and the
    /// neighbour has, or when the question asks two things at once (<see cref="CompoundQuestion"/>: the second answer is
    /// usually the next or the previous sentence).
    /// </summary>
    private async Task<Quote> FirstQuoteAsync(IIndexReader reader, string question, AnswerType type, IReadOnlyList<ScoredSentence> ranked, IReadOnlyList<SentenceRow> all, CancellationToken ct)
    {
        var best = ranked[0];
        var s = best.Sentence;
        SentenceRow? partner = null;
        var first = WordTokenizer.Tokenize(s.Text).FirstOrDefault();
        if (first.Surface is "He" or "She" or "They" or "It" or "This" or "These" or "That" or "Those")
            partner = all.FirstOrDefault(p => p.DocumentId == s.DocumentId && p.Ordinal == s.Ordinal - 1 && p.Paragraph == s.Paragraph
                && p.Text.Length + s.Text.Length <= _weights.PronounMergeMaxChars);
        // Adjacent sentences of the same paragraph, the ranker's likeliest first.
        var neighbours = ranked.Skip(1)
            .Where(r => r.Sentence.DocumentId == s.DocumentId && r.Sentence.Paragraph == s.Paragraph && Math.Abs(r.Sentence.Ordinal - s.Ordinal) == 1
                && r.Sentence.Text.Length + s.Text.Length <= _weights.MergeMaxChars)
            .ToList();
        if (partner is null && _weights.MergeNeighbourRatio > 0)
            partner = neighbours.Where(r => r.Score >= best.Score * _weights.MergeNeighbourRatio).Select(r => r.Sentence).FirstOrDefault();
        if (partner is null && _weights.MergeForAnswerType && best.TypeMatch < 0
            && type is AnswerType.Date or AnswerType.Number or AnswerType.Quantity or AnswerType.Person or AnswerType.Place)
            partner = neighbours.Where(r => r.TypeMatch > 0).Select(r => r.Sentence).FirstOrDefault();
        if (partner is null && CompoundQuestion.IsCompound(question))
            partner = neighbours.Select(r => r.Sentence).FirstOrDefault();
        if (partner is not null)
        {
            int start = Math.Min(partner.Start, s.Start), end = Math.Max(partner.End, s.End);
            var text = await reader.GetTextAsync(s.DocumentId, start, end, ct).ConfigureAwait(false);
            return new Quote(text, s.Title, s.Path, s.Paragraph, start, end, Math.Round(best.Score, 4), s.Url).WithCitation(s.Citation);
        }
        return ToQuote(s, best.Score);
    }

    private static Quote ToQuote(SentenceRow s, double score) =>
        new Quote(s.Text, s.Title, s.Path, s.Paragraph, s.Start, s.End, Math.Round(score, 4), s.Url).WithCitation(s.Citation);
}
