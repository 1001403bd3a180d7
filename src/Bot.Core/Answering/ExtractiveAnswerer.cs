using Bot.Core.Answering.Ranking;
using Bot.Core.Configuration;
using Bot.Core.Indexing;
using Bot.Core.Search;
using Bot.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Answering;

/// <summary>
/// The embedded default: retrieve passages, score their sentences, quote the best ones verbatim with citations,
/// or abstain when the evidence is weak. Needs no network; with the packaged embedding model its ranker also reads the
/// question–sentence cosine, and without it (or when the model fails) it ranks lexically.
/// </summary>
public sealed class ExtractiveAnswerer(
    IIndexStore store, IRetriever retriever, IOptions<BotOptions> options, IOptions<ScoringWeights> weights, ILogger<ExtractiveAnswerer> logger, SentenceVectors? vectors = null) : IAnswerer
{
    private readonly BotOptions _options = options.Value;
    private readonly SentenceScorer _scorer = new(weights.Value);
    private readonly ScoringWeights _weights = weights.Value;
    private int _tokenFailureLogged;

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
        var (searched, readWith) = FollowUpQuestion.Expand(question, request.History);
        var analysis = QuestionAnalyzer.Analyze(searched);
        if (analysis.Terms.Count == 0)
            return new AnswerTrace(Answer.NotFound(question, note: "The question has no searchable words."), analysis, [], []);

        await using var reader = await store.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        var trace = await AnswerAsync(reader, question, analysis, readWith, request, cancellationToken).ConfigureAwait(false);
        if (trace.Answer.Answered || !_options.CorrectSpelling) return trace;

        // Not answered: once more with the words no sentence holds spelt as the corpus spells a word one edit away. Only
        // the words of this question: a follow-up's earlier question was the user's to correct then.
        if (await SpellingCorrector.CorrectAsync(reader, question, cancellationToken).ConfigureAwait(false) is not { } fix) return trace;
        var (corrected, correctedWith) = FollowUpQuestion.Expand(fix.Question, request.History);
        var retry = await AnswerAsync(reader, question, QuestionAnalyzer.Analyze(corrected), correctedWith, request, cancellationToken).ConfigureAwait(false);
        if (!retry.Answer.Answered) return trace;
        var note = $"Searched for {string.Join(", ", fix.Corrections.Select(c => $"“{c.Corrected}”"))} instead of {string.Join(", ", fix.Corrections.Select(c => $"“{c.Misspelt}”"))}, which the sources do not contain.";
        logger.LogDebug("Asked {Question} again as {Corrected}: answered.", question, fix.Question);
        return retry with { Answer = retry.Answer with { Note = retry.Answer.Note is { } first ? $"{first} {note}" : note } };
    }

    private async Task<AnswerTrace> AnswerAsync(IIndexReader reader, string question, QuestionAnalysis analysis, string? readWith, AskRequest request, CancellationToken cancellationToken)
    {
        var set = await GatherAsync(reader, analysis, cancellationToken).ConfigureAwait(false);
        if (set.Sentences.Count == 0) return new AnswerTrace(Answer.NotFound(question), analysis, set.Passages, []);

        var (ranked, passages, confidence, answered) = Rank(set);
        if (ShowsUnretrievedSentence(set.Passages, ranked))
        {
            var rankable = await RankablePassagesAsync(reader, set.Passages, set.Sentences, cancellationToken).ConfigureAwait(false);
            passages = OrderPassages(rankable, ranked);
        }
        var answer = await ComposeAsync(reader, question, analysis.Type, ranked, set.Sentences, answered, confidence, Math.Clamp(request.MaxQuotes, 1, _options.MaxQuotes), cancellationToken).ConfigureAwait(false);
        if (readWith is not null) answer = answer with { Note = $"Read as a follow-up to “{readWith}”." };
        logger.LogDebug("Asked {Question}: answered={Answered} top={Score:F3} confidence={Confidence:F3}", question, answer.Answered, ranked.FirstOrDefault()?.Score, confidence);
        return new AnswerTrace(answer, analysis, passages, ranked);
    }

    /// <summary>
    /// Candidates: every sentence of the paragraphs that passage BM25 or sentence BM25 found (their union recalls more
    /// than either), each with the ranker's features.
    /// </summary>
    internal async Task<CandidateSet> GatherAsync(IIndexReader reader, QuestionAnalysis analysis, CancellationToken cancellationToken)
    {
        var passages = await retriever.RetrieveAsync(reader, analysis, _options.RetrievePassages, cancellationToken).ConfigureAwait(false);
        var sentenceHits = await reader.SearchSentencesAsync(analysis.SearchTerms, _options.RetrievePassages, cancellationToken).ConfigureAwait(false);
        var paragraphs = passages.Select(p => (p.DocumentId, p.Paragraph))
            .Concat(sentenceHits.Select(h => (h.Sentence.DocumentId, h.Sentence.Paragraph))).Distinct().ToList();
        var sentences = await reader.GetParagraphSentencesAsync(paragraphs, cancellationToken).ConfigureAwait(false);
        if (sentences.Count == 0) return new CandidateSet(analysis, passages, sentenceHits, [], [], [], 0, 0, new Dictionary<string, int>(), new Dictionary<string, double>(), new Dictionary<string, IReadOnlyList<long>>());

        var (idf, missing, df) = await InverseFrequenciesAsync(reader, analysis, cancellationToken).ConfigureAwait(false);
        var prior = RankPrior(passages, sentenceHits, sentences);
        // Tokens and term matches are shared by the hand scorer, the ranker's features and the abstainer's.
        var tokens = SentenceScorer.Tokenize(sentences);
        var match = _scorer.MatchAll(analysis.Terms, tokens);
        var hand = _scorer.Score(analysis, sentences, tokens, match, idf, prior);
        var (features, anywhere) = CandidateFeatures.Compute(analysis, sentences, hand, idf, passages, sentenceHits, prior, _scorer, tokens, match);
        double total = analysis.Terms.Sum(t => idf[t.Stem]);
        var termDocs = await TermDocumentsAsync(reader, analysis, df, cancellationToken).ConfigureAwait(false);
        double[]? cosines = null;
        if (vectors is { IsActive: true })
        {
            try
            {
                if (await vectors.EmbedAsync(reader, analysis.Question, sentences, cancellationToken).ConfigureAwait(false) is { } v)
                {
                    cosines = VectorFeatures.Cosines(v.Question, v.Sentences);
                    VectorFeatures.Fill(features, CandidateFeatures.VectorIndex, sentences, cosines);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Same rule as retrieval: a question is never lost to the semantic side. Without cosines the lexical
                // ranker and abstainer decide (the retriever has already warned about the model).
                logger.LogDebug("No sentence vectors for this question ({Error}); ranking lexically.", ex.Message);
            }
        }
        bool reranked = false;
        if (cosines is not null && vectors is { CanRerank: true } && RankingModels.VectorRanker is { } firstStage)
        {
            try
            {
                await RerankFeaturesAsync(vectors, firstStage, analysis.Question, sentences, features, cancellationToken).ConfigureAwait(false);
                reranked = true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The vector models were trained with the re-ranker's scores: without it the lexical ones decide.
                if (Interlocked.Exchange(ref _tokenFailureLogged, 1) == 0)
                    logger.LogWarning("The token re-ranker failed ({Error}); such questions are ranked lexically.", ex.Message);
                else
                    logger.LogDebug("No token vectors for this question ({Error}); ranking lexically.", ex.Message);
                foreach (var f in features) Array.Clear(f, CandidateFeatures.VectorIndex, f.Length - CandidateFeatures.VectorIndex);
                cosines = null;
            }
        }
        return new CandidateSet(analysis, passages, sentenceHits, sentences, hand, features, total > 0 ? missing / total : 0, anywhere, df, idf, termDocs)
        {
            Tokens = tokens,
            VectorCosines = cosines,
            Reranked = reranked,
        };
    }

    /// <summary>
    /// Second stage: the first-stage ranker's best <see cref="ScoringWeights.RerankDepth"/> candidates get the
    /// late-interaction features (question tokens against the sentence's tokens).
    /// </summary>
    private async Task RerankFeaturesAsync(SentenceVectors vectors, LinearModel firstStage, string question, IReadOnlyList<SentenceRow> sentences, double[][] features, CancellationToken cancellationToken)
    {
        var first = features.Select(f => firstStage.Score(f)).ToArray();
        var best = Enumerable.Range(0, sentences.Count).OrderByDescending(i => first[i]).Take(_weights.RerankDepth).ToList();
        var (q, tokens, ids) = await vectors.TokenVectorsAsync(question, sentences, best, cancellationToken).ConfigureAwait(false);
        var weights = TokenMatchFeatures.Weights(q, ids);
        var match = new double[best.Count];
        var worst = new double[best.Count];
        for (int k = 0; k < best.Count; k++) (match[k], worst[k]) = TokenMatchFeatures.Score(q, weights, tokens[k]);
        TokenMatchFeatures.Fill(features, CandidateFeatures.TokenIndex, sentences, best, match, worst);
    }

    /// <summary>How deep callers read the re-ranked passages (MRR@10; the LLM's prompt takes fewer).</summary>
    private const int PassagesShown = 10;

    /// <summary>
    /// Whether one of the ranker's top sentences lies outside every retrieved passage (a paragraph only sentence BM25
    /// found, or the unretrieved part of a long paragraph): only then are the other passages of the candidate
    /// paragraphs worth a query, so the re-ranked list can show it.
    /// </summary>
    private static bool ShowsUnretrievedSentence(IReadOnlyList<PassageHit> retrieved, List<ScoredSentence> ranked)
    {
        var shown = new HashSet<(long, int)>();
        foreach (var p in retrieved)
            for (int o = p.FirstSentence; o <= p.LastSentence; o++) shown.Add((p.DocumentId, o));
        return ranked.Take(PassagesShown).Any(r => !shown.Contains((r.Sentence.DocumentId, r.Sentence.Ordinal)));
    }

    /// <summary>
    /// The retrieved passages, then every passage of each candidate paragraph holding a candidate sentence that no
    /// retrieved passage contains: paragraphs that only sentence BM25 found, and the unretrieved part of a paragraph
    /// longer than one passage. Without them the re-ranked passages could not show such a sentence however high the
    /// ranker puts it.
    /// </summary>
    internal static async Task<IReadOnlyList<PassageHit>> RankablePassagesAsync(
        IIndexReader reader, IReadOnlyList<PassageHit> retrieved, IReadOnlyList<SentenceRow> sentences, CancellationToken cancellationToken)
    {
        var shown = new HashSet<(long, int)>();
        foreach (var p in retrieved)
            for (int o = p.FirstSentence; o <= p.LastSentence; o++) shown.Add((p.DocumentId, o));
        var unshown = sentences.Where(s => !shown.Contains((s.DocumentId, s.Ordinal))).Select(s => (s.DocumentId, s.Paragraph)).Distinct().ToList();
        if (unshown.Count == 0) return retrieved;
        var ids = retrieved.Select(p => p.PassageId).ToHashSet();
        var more = await reader.GetParagraphPassagesAsync(unshown, cancellationToken).ConfigureAwait(false);
        return retrieved.Concat(more.Where(p => ids.Add(p.PassageId))).ToList();
    }

    /// <summary>
    /// Orders the candidates (learned ranker, or the hand-weighted scorer when no model ships), re-ranks the passages by
    /// their best sentence, and decides whether the best candidate answers at all.
    /// </summary>
    internal (List<ScoredSentence> Ranked, List<PassageHit> Passages, double Confidence, bool Answered) Rank(CandidateSet set) =>
        // The vector abstainers learnt the re-ranker's scores: a question the re-ranker did not reach (a model without
        // per-token output) goes to the lexical models, as one without sentence vectors does.
        set.VectorCosines is not null && RankingModels.VectorRanker is { } vectorRanker && (set.Reranked || RankingModels.TokenReranker is null)
            ? Rank(set, set.Reranked && RankingModels.TokenReranker is { } reranker ? reranker : vectorRanker, RankingModels.VectorAbstainer, RankingModels.VectorAbstainerTrees)
            : Rank(set, RankingModels.Ranker, RankingModels.Abstainer, RankingModels.AbstainerTrees);

    internal (List<ScoredSentence> Ranked, List<PassageHit> Passages, double Confidence, bool Answered) Rank(
        CandidateSet set, LinearModel? ranker, LinearModel? abstainer, BoostedTrees? abstainerTrees = null)
    {
        int n = set.Sentences.Count;
        var scores = new double[n];
        for (int i = 0; i < n; i++) scores[i] = ranker is null ? set.HandScored[i].Score : ranker.Score(set.Features[i]);
        int top = 0;
        for (int i = 1; i < n; i++) if (scores[i] > scores[top]) top = i;
        // Softmax over the candidates: a quote's score is its share of the belief.
        var probs = new double[n];
        double z = 0;
        for (int i = 0; i < n; i++) z += probs[i] = Math.Exp(scores[i] - scores[top]);
        for (int i = 0; i < n; i++) probs[i] /= z;

        double confidence;
        bool answered;
        if (ranker is not null && abstainerTrees is not null)
        {
            confidence = abstainerTrees.Probability(AbstentionFeatures.Compute(set, scores, top, probs[top]));
            answered = confidence >= (_weights.AbstainThreshold ?? abstainerTrees.Threshold);
        }
        else if (ranker is not null && abstainer is not null)
        {
            confidence = abstainer.Probability(AbstentionFeatures.Compute(set, scores, top, probs[top]));
            answered = confidence >= (_weights.AbstainThreshold ?? abstainer.Threshold);
        }
        else
        {
            confidence = Math.Clamp(set.HandScored[top].Evidence, 0, 1);
            answered = set.HandScored[top].Evidence >= _weights.AbstainBelow;
        }

        var ranked = Enumerable.Range(0, n)
            .Select(i => set.HandScored[i] with { Score = ranker is null ? scores[i] : probs[i] })
            .OrderByDescending(s => s.Score).ToList();
        return (ranked, OrderPassages(set.Passages, ranked), confidence, answered);
    }

    private static List<PassageHit> OrderPassages(IReadOnlyList<PassageHit> passages, List<ScoredSentence> ranked)
    {
        var best = new Dictionary<(long, int), double>();
        foreach (var s in ranked) best.TryAdd((s.Sentence.DocumentId, s.Sentence.Ordinal), s.Score);
        return RerankPassages(passages, best);
    }

    /// <summary>
    /// Orders passages by their best sentence not already shown by a passage ranked above (passages overlap by a
    /// sentence; without this the top five would often repeat one sentence and miss the runner-up). Ties, and passages
    /// with nothing left to show, keep their retrieval order.
    /// </summary>
    internal static List<PassageHit> RerankPassages(IReadOnlyList<PassageHit> passages, Dictionary<(long, int), double> sentenceScores)
    {
        var covered = new HashSet<(long, int)>();
        var left = passages.Select((p, i) => (p, i)).ToList();
        var result = new List<PassageHit>(passages.Count);
        while (left.Count > 0)
        {
            int pick = 0;
            double pickScore = double.NegativeInfinity;
            for (int k = 0; k < left.Count; k++)
            {
                var p = left[k].p;
                double sc = double.NegativeInfinity;
                for (int o = p.FirstSentence; o <= p.LastSentence; o++)
                    if (!covered.Contains((p.DocumentId, o)) && sentenceScores.TryGetValue((p.DocumentId, o), out var v)) sc = Math.Max(sc, v);
                if (sc > pickScore || (sc == pickScore && left[k].i < left[pick].i)) { pick = k; pickScore = sc; }
            }
            var chosen = left[pick].p;
            for (int o = chosen.FirstSentence; o <= chosen.LastSentence; o++) covered.Add((chosen.DocumentId, o));
            result.Add(chosen);
            left.RemoveAt(pick);
        }
        return result;
    }

    private async Task<Answer> ComposeAsync(IIndexReader reader, string question, AnswerType type, List<ScoredSentence> ranked, IReadOnlyList<SentenceRow> all,
        bool answered, double confidence, int maxQuotes, CancellationToken ct)
    {
        var best = ranked[0];
        if (!answered)
        {
            var closest = ranked.Take(2).Select(s => ToQuote(s.Sentence, s.Score)).ToList();
            return Answer.NotFound(question, closest);
        }
        var quotes = new List<Quote> { await FirstQuoteAsync(reader, type, ranked, all, ct).ConfigureAwait(false) };
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
    /// neighbour has.
    /// </summary>
    private async Task<Quote> FirstQuoteAsync(IIndexReader reader, AnswerType type, List<ScoredSentence> ranked, IReadOnlyList<SentenceRow> all, CancellationToken ct)
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
        if (partner is not null)
        {
            int start = Math.Min(partner.Start, s.Start), end = Math.Max(partner.End, s.End);
            var text = await reader.GetTextAsync(s.DocumentId, start, end, ct).ConfigureAwait(false);
            return new Quote(text, s.Title, s.Path, s.Paragraph, start, end, Math.Round(best.Score, 4), s.Url);
        }
        return ToQuote(s, best.Score);
    }

    private static Quote ToQuote(SentenceRow s, double score) => new(s.Text, s.Title, s.Path, s.Paragraph, s.Start, s.End, Math.Round(score, 4), s.Url);

    /// <summary>Idf and sentence frequency of each question term, and the idf mass of terms no sentence of the corpus contains.</summary>
    private static async Task<(Dictionary<string, double> Idf, double Missing, Dictionary<string, int> Df)> InverseFrequenciesAsync(IIndexReader reader, QuestionAnalysis analysis, CancellationToken ct)
    {
        // FTS5 stores unfolded Porter stems; ask for those and key the result by our folded stem.
        var ftsStems = analysis.Terms.ToDictionary(t => t.Stem, t => PorterStemmer.Stem(t.Normal), StringComparer.Ordinal);
        var (freq, n) = await reader.GetSentenceFrequenciesAsync(ftsStems.Values.ToList(), ct).ConfigureAwait(false);
        var idf = new Dictionary<string, double>(StringComparer.Ordinal);
        var dfs = new Dictionary<string, int>(StringComparer.Ordinal);
        double missing = 0;
        foreach (var (stem, fts) in ftsStems)
        {
            int df = freq.TryGetValue(fts, out var f) ? f : 0;
            dfs[stem] = df;
            idf[stem] = Math.Log(1 + (n - df + 0.5) / (df + 0.5));
            if (df == 0) missing += idf[stem];
        }
        return (idf, missing, dfs);
    }

    /// <summary>Question stems held by more sentences than this are not looked up per document (they carry little idf).</summary>
    internal const int DocumentLookupMaxSentences = 500;

    /// <summary>Which documents hold each question stem that the corpus has but not too often (keyed by folded stem).</summary>
    private static async Task<Dictionary<string, IReadOnlyList<long>>> TermDocumentsAsync(IIndexReader reader, QuestionAnalysis analysis, Dictionary<string, int> df, CancellationToken ct)
    {
        var wanted = analysis.Terms.Where(t => df.GetValueOrDefault(t.Stem) is > 0 and <= DocumentLookupMaxSentences).ToList();
        var result = new Dictionary<string, IReadOnlyList<long>>(StringComparer.Ordinal);
        if (wanted.Count == 0) return result;
        var byWord = await reader.GetWordDocumentsAsync(wanted.Select(t => t.Normal).ToList(), ct).ConfigureAwait(false);
        foreach (var t in wanted) result[t.Stem] = byWord.TryGetValue(t.Normal, out var docs) ? docs : [];
        return result;
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
