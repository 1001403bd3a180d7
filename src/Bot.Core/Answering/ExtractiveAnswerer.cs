using Bot.Core.Configuration;
using Bot.Core.Indexing;
using Bot.Core.Search;
using Bot.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Answering;

/// <summary>
/// The embedded default: retrieve passages, score their sentences, quote the best ones verbatim with citations,
/// or abstain when the evidence is weak. Needs no model and no network.
/// </summary>
public sealed class ExtractiveAnswerer(
    IIndexStore store, IRetriever retriever, IOptions<BotOptions> options, IOptions<ScoringWeights> weights, ILogger<ExtractiveAnswerer> logger) : IAnswerer
{
    private readonly BotOptions _options = options.Value;
    private readonly SentenceScorer _scorer = new(weights.Value);
    private readonly ScoringWeights _weights = weights.Value;

    public async Task<Answer> AskAsync(AskRequest request, CancellationToken cancellationToken) =>
        (await AskWithTraceAsync(request, cancellationToken).ConfigureAwait(false)).Answer;

    /// <summary>Validates a question; the exception message is meant for the user.</summary>
    public static string Validate(string? question, int maxLength)
    {
        var q = question?.Trim() ?? "";
        if (q.Length == 0) throw new InvalidQuestionException("The question is empty: type what you want to know.");
        if (q.Length > maxLength)
            throw new InvalidQuestionException($"The question is {q.Length:N0} characters long; the limit is {maxLength:N0} (Bot:MaxQuestionLength).");
        if (q.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            throw new InvalidQuestionException("The question contains control characters.");
        return q;
    }

    public async Task<AnswerTrace> AskWithTraceAsync(AskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var question = Validate(request.Question, _options.MaxQuestionLength);
        var analysis = QuestionAnalyzer.Analyze(question);
        if (analysis.Terms.Count == 0)
            return new AnswerTrace(Answer.NotFound(question, note: "The question has no searchable words."), analysis, [], []);

        await using var reader = await store.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        var passages = await retriever.RetrieveAsync(reader, analysis, _options.RetrievePassages, cancellationToken).ConfigureAwait(false);
        var sentenceHits = await reader.SearchSentencesAsync(analysis.SearchTerms, _options.RetrievePassages, cancellationToken).ConfigureAwait(false);

        // Candidate sentences: every sentence of the paragraphs that retrieval found.
        var paragraphs = passages.Select(p => (p.DocumentId, p.Paragraph))
            .Concat(sentenceHits.Select(h => (h.Sentence.DocumentId, h.Sentence.Paragraph))).Distinct().ToList();
        var sentences = await reader.GetParagraphSentencesAsync(paragraphs, cancellationToken).ConfigureAwait(false);
        if (sentences.Count == 0) return new AnswerTrace(Answer.NotFound(question), analysis, passages, []);

        var idf = await InverseFrequenciesAsync(reader, analysis, cancellationToken).ConfigureAwait(false);
        var prior = RankPrior(passages, sentenceHits, sentences);
        var ranked = _scorer.Score(analysis, sentences, idf, prior).OrderByDescending(s => s.Score).ToList();
        var answer = await ComposeAsync(reader, question, ranked, sentences, Math.Clamp(request.MaxQuotes, 1, _options.MaxQuotes), cancellationToken).ConfigureAwait(false);
        logger.LogDebug("Asked {Question}: answered={Answered} top={Score:F3}", question, answer.Answered, ranked.FirstOrDefault()?.Score);
        return new AnswerTrace(answer, analysis, passages, ranked);
    }

    private async Task<Answer> ComposeAsync(IIndexReader reader, string question, List<ScoredSentence> ranked, IReadOnlyList<SentenceRow> all, int maxQuotes, CancellationToken ct)
    {
        var best = ranked[0];
        if (best.Evidence < _weights.AbstainBelow)
        {
            var closest = ranked.Take(2).Select(s => ToQuote(s.Sentence, s.Score)).ToList();
            return Answer.NotFound(question, closest);
        }
        var quotes = new List<Quote> { await FirstQuoteAsync(reader, best, all, ct).ConfigureAwait(false) };
        var used = new HashSet<long> { best.Sentence.Id };
        foreach (var s in ranked.Skip(1))
        {
            if (quotes.Count >= maxQuotes) break;
            if (s.Score < best.Score * _weights.FollowUpQuoteRatio || s.Evidence < _weights.AbstainBelow) break;
            if (used.Contains(s.Sentence.Id) || quotes.Any(q => q.Path == s.Sentence.Path && q.Start <= s.Sentence.Start && s.Sentence.End <= q.End)) continue;
            used.Add(s.Sentence.Id);
            quotes.Add(ToQuote(s.Sentence, s.Score));
        }
        double confidence = Math.Clamp(best.Evidence, 0, 1);
        return new Answer(question, true, quotes, [], null, null, confidence);
    }

    // A sentence that opens with a pronoun leans on the one before it: quote both (still one or two sentences).
    private static async Task<Quote> FirstQuoteAsync(IIndexReader reader, ScoredSentence best, IReadOnlyList<SentenceRow> all, CancellationToken ct)
    {
        var s = best.Sentence;
        var first = WordTokenizer.Tokenize(s.Text).FirstOrDefault();
        if (first.Surface is "He" or "She" or "They" or "It" or "This" or "These" or "That" or "Those")
        {
            var prev = all.FirstOrDefault(p => p.DocumentId == s.DocumentId && p.Ordinal == s.Ordinal - 1 && p.Paragraph == s.Paragraph);
            if (prev is not null && prev.Text.Length + s.Text.Length < 400)
            {
                var text = await reader.GetTextAsync(s.DocumentId, prev.Start, s.End, ct).ConfigureAwait(false);
                return new Quote(text, s.Title, s.Path, s.Paragraph, prev.Start, s.End, Math.Round(best.Score, 4), s.Url);
            }
        }
        return ToQuote(s, best.Score);
    }

    private static Quote ToQuote(SentenceRow s, double score) => new(s.Text, s.Title, s.Path, s.Paragraph, s.Start, s.End, Math.Round(score, 4), s.Url);

    private static async Task<Dictionary<string, double>> InverseFrequenciesAsync(IIndexReader reader, QuestionAnalysis analysis, CancellationToken ct)
    {
        // FTS5 stores unfolded Porter stems; ask for those and key the result by our folded stem.
        var ftsStems = analysis.Terms.ToDictionary(t => t.Stem, t => PorterStemmer.Stem(t.Normal), StringComparer.Ordinal);
        var (freq, n) = await reader.GetSentenceFrequenciesAsync(ftsStems.Values.ToList(), ct).ConfigureAwait(false);
        var idf = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (stem, fts) in ftsStems)
        {
            int df = freq.TryGetValue(fts, out var f) ? f : 0;
            idf[stem] = Math.Log(1 + (n - df + 0.5) / (df + 0.5));
        }
        return idf;
    }

    /// <summary>0..1 prior for each sentence from the rank of the passage or sentence hit that found it.</summary>
    private static Dictionary<long, double> RankPrior(IReadOnlyList<PassageHit> passages, IReadOnlyList<(SentenceRow Sentence, double Score)> hits, IReadOnlyList<SentenceRow> sentences)
    {
        var prior = new Dictionary<long, double>();
        var byParagraph = new Dictionary<(long, int), double>();
        for (int i = 0; i < passages.Count; i++)
        {
            var key = (passages[i].DocumentId, passages[i].Paragraph);
            byParagraph[key] = Math.Max(byParagraph.GetValueOrDefault(key), 1.0 / (1 + i));
        }
        foreach (var s in sentences) prior[s.Id] = byParagraph.GetValueOrDefault((s.DocumentId, s.Paragraph)) * 0.5;
        for (int i = 0; i < hits.Count; i++)
        {
            var id = hits[i].Sentence.Id;
            prior[id] = prior.GetValueOrDefault(id) + 0.5 / (1 + i);
        }
        return prior;
    }
}
