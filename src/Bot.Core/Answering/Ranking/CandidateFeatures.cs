using Bot.Core.Indexing;
using Bot.Core.Questions;
using Bot.Core.Text;

namespace Bot.Core.Answering.Ranking;

/// <summary>
/// The features the learned ranker scores a candidate sentence by: lexical overlap (idf-weighted, exact and related
/// forms), order and proximity, retrieval ranks (sentence and passage BM25), neighbouring-sentence and title context,
/// document agreement, and whether the sentence holds a fresh candidate of the expected answer type.
/// </summary>
internal static class CandidateFeatures
{
    private static readonly HashSet<string> Pronouns = new(StringComparer.Ordinal) { "He", "She", "They", "It", "This", "These", "That", "Those", "Its", "His", "Her", "Their" };

    /// <returns>Each candidate's features, and the idf-weighted share of question terms some candidate contains.</returns>
    public static (double[][] Features, double MatchedAnywhere) Compute(
        QuestionAnalysis question,
        IReadOnlyList<SentenceRow> sentences,
        IReadOnlyList<ScoredSentence> handScored,
        IReadOnlyDictionary<string, double> idf,
        IReadOnlyList<PassageHit> passages,
        IReadOnlyList<(SentenceRow Sentence, double Score)> sentenceHits,
        IReadOnlyDictionary<long, double> prior,
        SentenceScorer scorer,
        List<List<WordToken>> tokens,
        List<double[]> match)
    {
        var terms = question.Terms;
        int n = sentences.Count, m = terms.Count;
        var w = terms.Select(t => idf.TryGetValue(t.Stem, out var v) ? v : 1.0).ToArray();
        double total = Math.Max(1e-9, w.Sum()), maxIdf = Math.Max(1e-9, w.DefaultIfEmpty(0).Max());

        // Retrieval signals keyed by sentence and by paragraph.
        var sentRank = new Dictionary<long, int>();
        var sentScore = new Dictionary<long, double>();
        double maxSent = sentenceHits.Count > 0 ? Math.Max(1e-9, sentenceHits.Max(h => h.Score)) : 1;
        for (int i = 0; i < sentenceHits.Count; i++)
        {
            sentRank.TryAdd(sentenceHits[i].Sentence.Id, i);
            sentScore.TryAdd(sentenceHits[i].Sentence.Id, sentenceHits[i].Score / maxSent);
        }
        var passRank = new Dictionary<(long, int), int>();
        var passScore = new Dictionary<(long, int), double>();
        var docVote = new Dictionary<long, double>();
        double maxPass = passages.Count > 0 ? Math.Max(1e-9, passages.Max(p => p.Score)) : 1;
        for (int i = 0; i < passages.Count; i++)
        {
            var p = passages[i];
            for (int o = p.FirstSentence; o <= p.LastSentence; o++)
            {
                passRank.TryAdd((p.DocumentId, o), i);
                passScore.TryAdd((p.DocumentId, o), p.Score / maxPass);
            }
            docVote[p.DocumentId] = docVote.GetValueOrDefault(p.DocumentId) + 1.0 / (1 + i);
        }
        foreach (var h in sentenceHits.Take(10)) docVote[h.Sentence.DocumentId] = docVote.GetValueOrDefault(h.Sentence.DocumentId) + 0.5;
        double maxVote = docVote.Count > 0 ? docVote.Values.Max() : 1;

        var titleCov = new Dictionary<string, double>(StringComparer.Ordinal);
        // Paragraph and document coverage: how much of the question the candidates of each paragraph (each document)
        // cover between them (an answerable question's rare words gather in one article; an out-of-corpus one's
        // scatter). One pass over the candidates, each term's best match per group.
        var paragraphBest = new Dictionary<(long, int), double[]>();
        var docBest = new Dictionary<long, double[]>();
        for (int k = 0; k < n; k++)
        {
            var key = (sentences[k].DocumentId, sentences[k].Paragraph);
            if (!paragraphBest.TryGetValue(key, out var pb)) paragraphBest[key] = pb = new double[m];
            if (!docBest.TryGetValue(key.DocumentId, out var db)) docBest[key.DocumentId] = db = new double[m];
            for (int j = 0; j < m; j++)
            {
                pb[j] = Math.Max(pb[j], match[k][j]);
                db[j] = Math.Max(db[j], match[k][j]);
            }
        }
        double Covered(double[] best)
        {
            double c = 0;
            for (int j = 0; j < m; j++) c += w[j] * best[j];
            return c / total;
        }
        var paragraphCov = paragraphBest.ToDictionary(p => p.Key, p => Covered(p.Value));
        var docCov = docBest.ToDictionary(p => p.Key, p => Covered(p.Value));

        var result = new double[n][];
        for (int i = 0; i < n; i++)
        {
            var s = sentences[i];
            var tk = tokens[i];
            var f = new double[CandidateFeature.Set.Count];
            var hs = handScored[i];
            f[CandidateFeature.Hand] = hs.Score;
            f[CandidateFeature.Coverage] = hs.Coverage;
            f[CandidateFeature.Context] = (hs.Evidence - hs.Coverage) * 2; // context share
            f[CandidateFeature.Proximity] = SentenceScorer.Proximity(tk, terms, match[i]);
            f[CandidateFeature.TypeMatch] = hs.TypeMatch;
            f[CandidateFeature.Prior] = prior.GetValueOrDefault(s.Id);
            f[CandidateFeature.SentBm25] = sentScore.GetValueOrDefault(s.Id);
            f[CandidateFeature.SentRank] = sentRank.TryGetValue(s.Id, out var sr) ? 1.0 / (1 + sr) : 0;
            f[CandidateFeature.PassRank] = passRank.TryGetValue((s.DocumentId, s.Ordinal), out var pr) ? 1.0 / (1 + pr) : 0;
            f[CandidateFeature.PassBm25] = passScore.GetValueOrDefault((s.DocumentId, s.Ordinal));
            f[CandidateFeature.LogTokens] = Math.Log(1 + tk.Count);
            int exact = 0; double exactIdf = 0, maxMissing = 0;
            for (int j = 0; j < m; j++)
            {
                if (match[i][j] >= 1) { exact++; exactIdf += w[j]; }
                else maxMissing = Math.Max(maxMissing, w[j] * (1 - match[i][j]));
            }
            f[CandidateFeature.ExactFraction] = m == 0 ? 0 : (double)exact / m;
            f[CandidateFeature.ExactIdf] = exactIdf / total;
            f[CandidateFeature.Bigrams] = Bigrams(question, tk);
            int content = 0, novel = 0;
            foreach (var t in tk)
            {
                if (StopWords.Contains(t.Normal)) continue;
                content++;
                if (!question.QuestionWords.Contains(t.Stem)) novel++;
            }
            f[CandidateFeature.NovelRatio] = content == 0 ? 0 : (double)novel / content;
            f[CandidateFeature.PronounStart] = tk.Count > 0 && Pronouns.Contains(tk[0].Surface) ? 1 : 0;
            double nb = 0;
            for (int k = i - 1; k <= i + 1; k += 2)
                if (k >= 0 && k < n && sentences[k].DocumentId == s.DocumentId && sentences[k].Paragraph == s.Paragraph)
                    nb = Math.Max(nb, handScored[k].Coverage);
            f[CandidateFeature.NeighbourCoverage] = nb;
            f[CandidateFeature.FirstInParagraph] = i == 0 || sentences[i - 1].DocumentId != s.DocumentId || sentences[i - 1].Paragraph != s.Paragraph ? 1 : 0;
            f[CandidateFeature.DocVote] = docVote.GetValueOrDefault(s.DocumentId) / maxVote;
            if (!titleCov.TryGetValue(s.Title, out var tc))
            {
                var titleTokens = WordTokenizer.Tokenize(s.Title);
                tc = 0;
                for (int j = 0; j < m; j++) tc += w[j] * scorer.MatchStrength(terms[j], titleTokens);
                titleCov[s.Title] = tc /= total;
            }
            f[CandidateFeature.TitleCoverage] = tc;
            f[CandidateFeature.MaxMissingIdf] = maxMissing / maxIdf;
            int names = 0, numbers = 0; bool year = false;
            for (int k = 0; k < tk.Count; k++)
            {
                var t = tk[k];
                if (question.QuestionWords.Contains(t.Stem)) continue;
                if (k > 0 && t.IsCapitalized && !StopWords.Contains(t.Normal)) names++;
                if (t.IsNumber)
                {
                    numbers++;
                    if (t.Normal.Length == 4 && (t.Normal[0] is '1' or '2')) year = true;
                }
            }
            f[CandidateFeature.FreshNames] = Math.Log(1 + names);
            f[CandidateFeature.FreshNumbers] = Math.Log(1 + numbers);
            f[CandidateFeature.FreshYear] = year ? 1 : 0;
            f[CandidateFeature.QuoteMark] = s.Text.IndexOfAny(['“', '"', '«']) >= 0 ? 1 : 0;
            f[CandidateFeature.ParagraphCoverage] = paragraphCov[(s.DocumentId, s.Paragraph)];
            f[CandidateFeature.OrderedMatch] = Ordered(question, tk);
            f[CandidateFeature.WindowCoverage] = WindowCoverage(tk, terms, match[i], w, total);
            f[CandidateFeature.DocCoverage] = docCov[s.DocumentId];
            f[CandidateFeature.Type(question.Type)] = hs.TypeMatch;
            result[i] = f;
        }
        SemanticFeatures.Fill(result, question, sentences, tokens, match, w);
        double anywhere = 0;
        for (int j = 0; j < m; j++) if (match.Any(row => row[j] >= 1)) anywhere += w[j];
        return (result, anywhere / total);
    }

    /// <summary>Share of adjacent question-word pairs (by stem) that also occur adjacently in the sentence.</summary>
    private static double Bigrams(QuestionAnalysis question, List<WordToken> tokens)
    {
        var terms = question.Terms;
        if (terms.Count < 2) return 0;
        int hits = 0;
        for (int j = 0; j + 1 < terms.Count; j++) if (Adjacent(tokens, terms[j].Stem, terms[j + 1].Stem)) hits++;
        return (double)hits / (terms.Count - 1);
    }

    /// <summary>Whether <paramref name="first"/> is followed by <paramref name="second"/>, next to it or with one stop word between ("price of oil").</summary>
    private static bool Adjacent(List<WordToken> tokens, string first, string second)
    {
        for (int i = 0; i + 1 < tokens.Count; i++)
        {
            if (tokens[i].Stem != first) continue;
            if (tokens[i + 1].Stem == second) return true;
            if (i + 2 < tokens.Count && tokens[i + 2].Stem == second && StopWords.Contains(tokens[i + 1].Normal)) return true;
        }
        return false;
    }

    /// <summary>Share of matched question terms that appear in the same order as in the question.</summary>
    private static double Ordered(QuestionAnalysis question, List<WordToken> tokens)
    {
        var positions = new List<int>();
        foreach (var term in question.Terms)
        {
            int p = tokens.FindIndex(t => t.Stem == term.Stem);
            if (p >= 0) positions.Add(p);
        }
        if (positions.Count < 2) return 0;
        int inOrder = 0;
        for (int i = 0; i + 1 < positions.Count; i++) if (positions[i] < positions[i + 1]) inOrder++;
        return (double)inOrder / (positions.Count - 1);
    }

    /// <summary>Best idf-weighted coverage within any 12-token window (answers sit near the matched words).</summary>
    private static double WindowCoverage(List<WordToken> tokens, IReadOnlyList<QueryTerm> terms, double[] match, double[] w, double total)
    {
        if (tokens.Count <= 12) return match.Select((v, j) => v >= 1 ? w[j] : 0).Sum() / total;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int j = 0; j < terms.Count; j++) if (match[j] >= 1) index.TryAdd(terms[j].Stem, j);
        double best = 0;
        for (int start = 0; start + 12 <= tokens.Count; start += 3)
        {
            var seen = new HashSet<int>();
            for (int k = start; k < start + 12; k++) if (index.TryGetValue(tokens[k].Stem, out var j)) seen.Add(j);
            best = Math.Max(best, seen.Sum(j => w[j]));
        }
        return best / total;
    }
}
