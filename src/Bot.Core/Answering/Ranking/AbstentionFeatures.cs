using Bot.Core.Questions;
using Bot.Core.Text;

namespace Bot.Core.Answering.Ranking;

/// <summary>
/// Features of a whole answer for the abstention classifier: how strong and how clear the best candidate is, and how
/// much of the question the corpus knows at all (an out-of-corpus question names things no article mentions).
/// </summary>
internal static class AbstentionFeatures
{
    // topSentBm25Share: the best candidate's sentence BM25 over the question's idf mass (BM25's idf grows with the
    // corpus, so a raw score would mean something else on a corpus ten times larger than the three-article training indexes).
    public static double[] Compute(CandidateSet set, IReadOnlyList<double> scores, int top, double topProbability)
    {
        var f = set.Features[top];
        double second = double.NegativeInfinity;
        for (int i = 0; i < scores.Count; i++) if (i != top && scores[i] > second) second = scores[i];
        var a = new double[AbstentionFeature.Set.Count];
        a[AbstentionFeature.TopScore] = scores[top];
        a[AbstentionFeature.TopProbability] = topProbability;
        a[AbstentionFeature.Gap] = double.IsNegativeInfinity(second) ? 5 : Math.Min(5, scores[top] - second);
        a[AbstentionFeature.TopCoverage] = f[CandidateFeature.Coverage];
        a[AbstentionFeature.TopExactIdf] = f[CandidateFeature.ExactIdf];
        a[AbstentionFeature.MissingFromCorpus] = set.MissingFromCorpus;
        a[AbstentionFeature.LogTerms] = Math.Log(1 + set.Analysis.Terms.Count);
        a[AbstentionFeature.TopTitleCoverage] = f[CandidateFeature.TitleCoverage];
        a[AbstentionFeature.TopParagraphCoverage] = f[CandidateFeature.ParagraphCoverage];
        a[AbstentionFeature.MaxCoverage] = set.HandScored.Max(h => h.Coverage);
        a[AbstentionFeature.TopSentBm25Share] = f[CandidateFeature.SentBm25] * (set.SentenceHits.Count > 0 ? set.SentenceHits[0].Score : 0) / Math.Max(1e-9, set.Idf.Values.Sum());
        a[AbstentionFeature.TopTypeMatch] = f[CandidateFeature.TypeMatch];
        a[AbstentionFeature.MatchedAnywhere] = set.MatchedAnywhere;
        a[AbstentionFeature.TopWindowCoverage] = f[CandidateFeature.WindowCoverage];
        a[AbstentionFeature.TopDocVote] = f[CandidateFeature.DocVote];
        a[AbstentionFeature.TopExactFraction] = f[CandidateFeature.ExactFraction];
        a[AbstentionFeature.TopBigrams] = f[CandidateFeature.Bigrams];
        a[AbstentionFeature.TopMaxMissingIdf] = f[CandidateFeature.MaxMissingIdf];
        a[AbstentionFeature.TopDocCoverage] = f[CandidateFeature.DocCoverage];
        CorpusVocabulary(a, set, top);
        WholeDocument(a, set, top);
        Vectors(a, set, top);
        Tokens(a, set, top);
        return a;
    }

    /// <summary>How close the question's embedding is to the best candidate's and to any candidate's (zero without a model).</summary>
    private static void Vectors(double[] a, CandidateSet set, int top)
    {
        if (set.VectorCosines is not { Length: > 0 } c) return;
        a[AbstentionFeature.TopVecCos] = c[top];
        a[AbstentionFeature.MaxVecCos] = c.Max();
        a[AbstentionFeature.TopVecParagraph] = set.Features[top][CandidateFeature.VecParagraph];
    }

    /// <summary>
    /// Late interaction: how well the best candidate's tokens cover the question's (its score and its worst-covered rare
    /// token), and the best score of any re-ranked candidate; zero when not re-ranked.
    /// </summary>
    private static void Tokens(double[] a, CandidateSet set, int top)
    {
        if (!set.Reranked) return;
        var f = set.Features[top];
        a[AbstentionFeature.TopTokMatch] = f[CandidateFeature.TokMatch];
        a[AbstentionFeature.MaxTokMatch] = set.Features.Max(x => x[CandidateFeature.TokMatch]);
        a[AbstentionFeature.TopTokWorstCovered] = f[CandidateFeature.TokWorstCovered];
    }

    /// <summary>
    /// The question against the best candidate's <em>whole</em> document (every sentence, not only the retrieved
    /// paragraphs, plus its title): a question written about a document mentions its rare words and names somewhere in
    /// it, while a question about an article that is not indexed has its words, if the corpus knows them at all,
    /// scattered over unrelated documents. Idf-weighted shares, so they do not depend on the corpus size.
    /// </summary>
    private static void WholeDocument(double[] a, CandidateSet set, int top)
    {
        var terms = set.Analysis.Terms;
        long bestDoc = set.Sentences[top].DocumentId;
        var title = WordTokenizer.Tokenize(set.Sentences[top].Title).Select(t => t.Stem).ToHashSet(StringComparer.Ordinal);
        double W(QueryTerm t) => set.Idf.TryGetValue(t.Stem, out var v) ? v : 0;
        int Df(QueryTerm t) => set.SentenceFrequencies.GetValueOrDefault(t.Stem);
        // A corpus stem too common to have been looked up counts as present in every document.
        bool In(QueryTerm t, long doc) => Df(t) > 0 && (!set.TermDocuments.TryGetValue(t.Stem, out var docs) || docs.Contains(doc));
        bool InBest(QueryTerm t) => title.Contains(t.Stem) || In(t, bestDoc);

        double total = 0, found = 0, inBest = 0, maxMissing = 0, maxIdf = 0;
        foreach (var t in terms)
        {
            double w = W(t);
            total += w;
            maxIdf = Math.Max(maxIdf, w);
            if (Df(t) > 0) found += w;
            if (InBest(t)) inBest += w;
            else if (Df(t) > 0) maxMissing = Math.Max(maxMissing, w);
        }
        // The document holding most of the question's idf mass (the question's words cluster in one document).
        var docs = set.TermDocuments.Values.SelectMany(d => d).Distinct().ToList();
        double best = inBest;
        foreach (var d in docs)
        {
            double s = 0;
            foreach (var t in terms) if (In(t, d) || (d == bestDoc && title.Contains(t.Stem))) s += W(t);
            best = Math.Max(best, s);
        }
        // The question's rarest corpus words (up to three) and its names, found anywhere in the best document.
        var rarest = terms.Where(t => Df(t) > 0).OrderBy(Df).Take(3).ToList();
        var names = terms.Where(set.Analysis.IsName).ToList();
        total = Math.Max(1e-9, total);
        a[AbstentionFeature.WholeDocShare] = inBest / total;
        a[AbstentionFeature.WholeDocFoundShare] = found > 0 ? inBest / found : 0;
        a[AbstentionFeature.MaxDocShare] = best / total;
        a[AbstentionFeature.WholeDocGap] = (best - inBest) / total;
        a[AbstentionFeature.WholeDocRare] = rarest.Count == 0 ? 0 : (double)rarest.Count(InBest) / rarest.Count;
        a[AbstentionFeature.WholeDocNames] = names.Count == 0 ? 1 : (double)names.Count(InBest) / names.Count;
        a[AbstentionFeature.WholeDocMaxMissingIdf] = maxIdf > 0 ? maxMissing / maxIdf : 0;
    }

    /// <summary>
    /// Question words measured against the whole corpus vocabulary: a question about another article names things
    /// (places, people, rare words) the corpus never mentions, or mentions only in some other document than the best
    /// candidate's.
    /// </summary>
    private static void CorpusVocabulary(double[] a, CandidateSet set, int top)
    {
        var terms = set.Analysis.Terms;
        var df = set.SentenceFrequencies;
        var best = set.Sentences[top];
        var inDoc = new HashSet<string>(StringComparer.Ordinal);
        var inParagraph = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < set.Sentences.Count; i++)
        {
            var s = set.Sentences[i];
            if (s.DocumentId != best.DocumentId) continue;
            foreach (var t in set.Tokens?[i] ?? WordTokenizer.Tokenize(s.Text))
            {
                inDoc.Add(t.Stem);
                if (s.Paragraph == best.Paragraph) inParagraph.Add(t.Stem);
            }
        }
        foreach (var t in WordTokenizer.Tokenize(best.Title)) inDoc.Add(t.Stem);
        int missing = 0, missingNames = 0, rare = 0, names = 0, namesFound = 0, minDf = int.MaxValue;
        QueryTerm? rarest = null;
        foreach (var t in terms)
        {
            int d = df.GetValueOrDefault(t.Stem);
            bool name = set.Analysis.IsName(t);
            if (d == 0) { missing++; if (name) missingNames++; }
            else if (d <= 3) rare++;
            if (name) { names++; if (inDoc.Contains(t.Stem)) namesFound++; }
            if (d < minDf) { minDf = d; rarest = t; }
        }
        int n = Math.Max(1, terms.Count);
        a[AbstentionFeature.MissingCount] = Math.Log(1 + missing);
        a[AbstentionFeature.MissingNames] = Math.Log(1 + missingNames);
        a[AbstentionFeature.RareFraction] = (double)rare / n;
        a[AbstentionFeature.LogMinDf] = Math.Log(1 + (rarest is null ? 0 : minDf));
        a[AbstentionFeature.TopDocNames] = names == 0 ? 1 : (double)namesFound / names;
        a[AbstentionFeature.RarestInTopDoc] = rarest is not null && inDoc.Contains(rarest.Stem) ? 1 : 0;
        a[AbstentionFeature.RarestInTopParagraph] = rarest is not null && inParagraph.Contains(rarest.Stem) ? 1 : 0;
    }
}
