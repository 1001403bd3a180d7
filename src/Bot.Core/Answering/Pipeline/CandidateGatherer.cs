using Bot.Core.Answering.Ranking;
using Bot.Core.Configuration;
using Bot.Core.Diagnostics;
using Bot.Core.Indexing;
using Bot.Core.Questions;
using Bot.Core.Search;
using Bot.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Answering.Pipeline;

/// <summary>
/// Candidate gathering: every sentence of the paragraphs that passage retrieval or sentence BM25 found (their union
/// recalls more than either), each with the ranker's features; with an active embedding model also the vector
/// features, and the late-interaction ones for the first stage's best candidates. The trainer gathers through this
/// same step, so the models learn exactly the features the answerer computes.
/// </summary>
internal sealed class CandidateGatherer(
    IRetriever retriever, IOptions<BotOptions> options, IOptions<ScoringWeights> weights, IRankingModels models, ILogger<CandidateGatherer> logger,
    SentenceVectors? vectors = null)
{
    /// <summary>Question stems held by more sentences than this are not looked up per document (they carry little idf).</summary>
    internal const int DocumentLookupMaxSentences = 500;

    private readonly BotOptions _options = options.Value;
    private readonly ScoringWeights _weights = weights.Value;
    private readonly SentenceScorer _scorer = new(weights.Value);
    private int _tokenFailureLogged;

    public async Task<CandidateSet> GatherAsync(IIndexReader reader, QuestionAnalysis analysis, CancellationToken cancellationToken)
    {
        // The reads that need neither the passages nor the question's vector come first: with hybrid retrieval they run
        // while a one-shot `bot ask` still loads the embedding model (the retriever waits for it only for the vector).
        var sentenceHits = await reader.SearchSentencesAsync(analysis.SearchTerms, _options.RetrievePassages, cancellationToken).ConfigureAwait(false);
        var (idf, missing, df) = await InverseFrequenciesAsync(reader, analysis, cancellationToken).ConfigureAwait(false);
        var termDocs = await TermDocumentsAsync(reader, analysis, df, cancellationToken).ConfigureAwait(false);
        var passages = await retriever.RetrieveAsync(reader, analysis, _options.RetrievePassages, cancellationToken).ConfigureAwait(false);
        StartupTrace.Mark("question: passages");
        var paragraphs = passages.Select(p => (p.DocumentId, p.Paragraph))
            .Concat(sentenceHits.Select(h => (h.Sentence.DocumentId, h.Sentence.Paragraph))).Distinct().ToList();
        var sentences = await reader.GetParagraphSentencesAsync(paragraphs, cancellationToken).ConfigureAwait(false);
        if (sentences.Count == 0) return new CandidateSet(analysis, passages, sentenceHits, [], [], [], 0, 0, new Dictionary<string, int>(), new Dictionary<string, double>(), new Dictionary<string, IReadOnlyList<long>>());

        var prior = RankPrior(passages, sentenceHits, sentences);
        // Tokens and term matches are shared by the hand scorer, the ranker's features and the abstainer's.
        var tokens = SentenceScorer.Tokenize(sentences);
        var match = _scorer.MatchAll(analysis.Terms, tokens);
        // A sentence that names its subject only by pronoun, role or an unattributed quotation is read with its
        // antecedent's names ("How old is McArthur?" → "The 67-year-old killer…").
        var antecedents = _weights.ReadInContext ? SentenceContext.Antecedents(sentences, tokens) : null;
        if (antecedents is not null) SentenceContext.Apply(analysis.Terms, antecedents, match);
        var hand = _scorer.Score(analysis, sentences, tokens, match, idf, prior);
        var (features, anywhere) = CandidateFeatures.Compute(analysis, sentences, hand, idf, passages, sentenceHits, prior, _scorer, tokens, match);
        double total = analysis.Terms.Sum(t => idf[t.Stem]);
        StartupTrace.Mark("question: features");
        var cosines = await CosinesAsync(reader, analysis, sentences, features, cancellationToken).ConfigureAwait(false);
        StartupTrace.Mark("question: cosines");
        bool reranked = false;
        if (cosines is not null && vectors is { CanRerank: true } && models.VectorRanker is { } firstStage)
        {
            try
            {
                await RerankFeaturesAsync(vectors, firstStage, analysis.Question, sentences, tokens, antecedents, features, cancellationToken).ConfigureAwait(false);
                reranked = true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The vector models were trained with the re-ranker's scores: without it the lexical ones decide.
                if (Interlocked.Exchange(ref _tokenFailureLogged, 1) == 0)
                    Log.RerankerFailed(logger, ex.Message);
                else
                    Log.NoTokenVectors(logger, ex.Message);
                foreach (var f in features) Array.Clear(f, CandidateFeature.VectorFirst, f.Length - CandidateFeature.VectorFirst);
                cosines = null;
            }
        }
        StartupTrace.Mark("question: gathered");
        return new CandidateSet(analysis, passages, sentenceHits, sentences, hand, features, total > 0 ? missing / total : 0, anywhere, df, idf, termDocs)
        {
            Tokens = tokens,
            VectorCosines = cosines,
            Reranked = reranked,
        };
    }

    /// <summary>The question's cosine with each candidate, written into the vector features; null without an active embedding model.</summary>
    private async Task<double[]?> CosinesAsync(IIndexReader reader, QuestionAnalysis analysis, IReadOnlyList<SentenceRow> sentences, double[][] features, CancellationToken cancellationToken)
    {
        if (vectors is not { IsActive: true }) return null;
        try
        {
            if (await vectors.EmbedAsync(reader, analysis.Question, sentences, cancellationToken).ConfigureAwait(false) is not { } v) return null;
            var cosines = VectorFeatures.Cosines(v.Question, v.Sentences);
            VectorFeatures.Fill(features, sentences, cosines);
            return cosines;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Same rule as retrieval: a question is never lost to the semantic side. Without cosines the lexical
            // ranker and abstainer decide (the retriever has already warned about the model).
            Log.NoSentenceVectors(logger, ex.Message);
            return null;
        }
    }

    /// <summary>
    /// Second stage: the first-stage ranker's best <see cref="ScoringWeights.RerankDepth"/> candidates get the
    /// late-interaction features (question tokens against the sentence's tokens).
    /// </summary>
    private async Task RerankFeaturesAsync(SentenceVectors sentenceVectors, LinearModel firstStage, string question, IReadOnlyList<SentenceRow> sentences,
        List<List<WordToken>> words, int[]?[]? antecedents, double[][] features, CancellationToken cancellationToken)
    {
        var first = features.Select(f => firstStage.Score(f)).ToArray();
        var best = Enumerable.Range(0, sentences.Count).OrderByDescending(i => first[i]).Take(_weights.RerankDepth).ToList();
        best = Decisive(best, first, _weights.RerankMargin);
        var (q, tokens, ids) = await sentenceVectors.TokenVectorsAsync(question, sentences, best, cancellationToken,
            antecedents is null ? null : i => SentenceContext.Names(antecedents[i], words) is { } names ? $"{names}: {sentences[i].Text}" : sentences[i].Text).ConfigureAwait(false);
        var tokenWeights = TokenMatchFeatures.Weights(q, ids);
        var match = new double[best.Count];
        var worst = new double[best.Count];
        for (int k = 0; k < best.Count; k++) (match[k], worst[k]) = TokenMatchFeatures.Score(q, tokenWeights, tokens[k]);
        TokenMatchFeatures.Fill(features, sentences, best, match, worst);
    }

    /// <summary>
    /// The first-stage candidates worth a forward pass: the best two, and each further one whose first-stage score is
    /// within <paramref name="margin"/> of the best (0: all of them). On 300 squad-dev questions the second stage's winner
    /// was never further than 3.8 below the first stage's best, while the tenth candidate was a median 6.9 below: a margin
    /// of 5 re-ranks 5.6 candidates a question instead of 10 (4: 4.6, but one news-dev answer lost the next sentence it
    /// needed, which was no longer re-ranked).
    /// </summary>
    internal static List<int> Decisive(List<int> best, double[] first, double margin)
    {
        if (margin <= 0 || best.Count <= 2) return best;
        var floor = first[best[0]] - margin;
        int keep = 2;
        while (keep < best.Count && first[best[keep]] >= floor) keep++;
        return best.GetRange(0, keep);
    }

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
