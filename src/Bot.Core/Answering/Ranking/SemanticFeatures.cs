using System.Collections.Concurrent;
using Bot.Core.Search;
using Bot.Core.Text;

namespace Bot.Core.Answering.Ranking;

/// <summary>
/// Word-vector features of the candidates: SQuAD-style questions paraphrase their answer sentence ("invaded" for
/// "conquered"), which exact, stem and word-form matching miss. Each question term is softly matched to the closest
/// content word of the sentence (GloVe cosine, <see cref="WordVectors"/>), and question and sentence are compared as
/// averaged vectors weighted like SIF (rarer words count more).
/// </summary>
internal static class SemanticFeatures
{
    public static readonly string[] Names =
    [
        "softCoverage", "softGain", "softNeighbourhood", "softWindow", "softMaxMissing", "sifSentence", "sifParagraph", "headSimilarity",
    ];

    // Cosine below Floor counts as no match; above it the soft strength rises linearly to 1 at cosine 1.
    private const float Floor = 0.35f;
    private const int Window = 12;

    private static readonly ConcurrentDictionary<string, int> Rows = new(StringComparer.Ordinal);
    private static readonly HashSet<string> HeadSkip = new(StringComparer.Ordinal) { "kind", "type", "sort", "form", "name", "part", "one", "of", "the", "a", "an" };

    private static int RowOf(WordVectors v, string normal) => Rows.TryGetValue(normal, out var row) ? row : Rows.GetOrAdd(normal, v.IndexOf(normal));

    /// <summary>SIF weight a / (a + p(w)) with p from the word's frequency rank (Zipf): frequent words weigh little.</summary>
    private static float Sif(int row) => row / (row + 88f);

    /// <param name="match">Exact/related-form match strength of each question term in each sentence (CandidateFeatures).</param>
    public static double[][] Compute(
        QuestionAnalysis question, IReadOnlyList<SentenceRow> sentences, List<List<WordToken>> tokens, List<double[]> match, double[] w)
    {
        var v = WordVectors.Default;
        var terms = question.Terms;
        int n = sentences.Count, m = terms.Count, d = v.Dimensions;
        double total = Math.Max(1e-9, w.Sum()), maxIdf = Math.Max(1e-9, w.DefaultIfEmpty(0).Max());
        var qRows = terms.Select(t => t.IsAcronym ? -1 : RowOf(v, t.Normal)).ToArray();
        // Head word of a what/which question ("which river", "what kind of tax"): an answer sentence names something of that kind.
        int head = HeadRow(question, v);
        // Per vocabulary row: its soft strength against each question term, then its raw cosine to the head word (slot m).
        var cache = new Dictionary<int, float[]>();
        float[] SimilaritiesOf(int row)
        {
            if (cache.TryGetValue(row, out var sims)) return sims;
            sims = new float[m + 1];
            for (int j = 0; j < m; j++)
            {
                if (qRows[j] < 0) continue;
                var c = v.Similarity(qRows[j], row);
                sims[j] = c <= Floor ? 0 : (c - Floor) / (1 - Floor);
            }
            if (head >= 0) sims[m] = v.Similarity(head, row);
            cache[row] = sims;
            return sims;
        }

        // Question vector: idf-weighted unit vectors of its terms.
        var qVec = new float[d];
        for (int j = 0; j < m; j++) if (qRows[j] >= 0) v.AddTo(qVec, qRows[j], (float)w[j]);
        double qNorm = Norm(qVec);

        var strengths = new float[n][]; // per sentence, token-major: each token's strength for each term (exact stem 1, else soft)
        var soft = new double[n][]; // per sentence, per term: max(exact or related form, soft)
        var sVecs = new float[n][];
        var headSim = new double[n];
        for (int i = 0; i < n; i++)
        {
            var tk = tokens[i];
            var st = strengths[i] = new float[tk.Count * m];
            var sv = sVecs[i] = new float[d];
            var s = soft[i] = new double[m];
            for (int j = 0; j < m; j++) s[j] = match[i][j];
            for (int k = 0; k < tk.Count; k++)
            {
                var t = tk[k];
                int row = t.IsNumber || StopWords.Contains(t.Normal) ? -1 : RowOf(v, t.Normal);
                var sims = row >= 0 ? SimilaritiesOf(row) : null;
                if (sims is not null)
                {
                    v.AddTo(sv, row, Sif(row));
                    if (head >= 0 && !question.QuestionWords.Contains(t.Stem) && sims[m] > headSim[i]) headSim[i] = sims[m];
                }
                for (int j = 0; j < m; j++)
                {
                    float x = t.Stem == terms[j].Stem ? 1 : sims is null ? 0 : sims[j];
                    st[k * m + j] = x;
                    if (x > s[j]) s[j] = x;
                }
            }
        }

        // Paragraph vectors: the sum of their sentences' vectors.
        var pVecs = new Dictionary<(long, int), float[]>();
        for (int i = 0; i < n; i++)
        {
            var key = (sentences[i].DocumentId, sentences[i].Paragraph);
            if (!pVecs.TryGetValue(key, out var pv)) pVecs[key] = pv = new float[d];
            for (int k = 0; k < d; k++) pv[k] += sVecs[i][k];
        }

        var result = new double[n][];
        for (int i = 0; i < n; i++)
        {
            var f = new double[Names.Length];
            double cov = 0, gain = 0, hood = 0, maxMissing = 0;
            for (int j = 0; j < m; j++)
            {
                double s = soft[i][j];
                cov += w[j] * s;
                gain += w[j] * Math.Max(0, s - match[i][j]);
                double nb = s;
                for (int k = i - 1; k <= i + 1; k += 2)
                    if (k >= 0 && k < n && sentences[k].DocumentId == sentences[i].DocumentId && sentences[k].Paragraph == sentences[i].Paragraph)
                        nb = Math.Max(nb, soft[k][j]);
                hood += w[j] * nb;
                maxMissing = Math.Max(maxMissing, w[j] * (1 - s));
            }
            f[0] = cov / total;
            f[1] = gain / total;
            f[2] = hood / total;
            f[3] = SoftWindow(strengths[i], soft[i], tokens[i].Count, m, w, total);
            f[4] = maxMissing / maxIdf;
            f[5] = Cosine(qVec, qNorm, sVecs[i]);
            f[6] = Cosine(qVec, qNorm, pVecs[(sentences[i].DocumentId, sentences[i].Paragraph)]);
            f[7] = headSim[i];
            result[i] = f;
        }
        return result;
    }

    /// <summary>Best idf-weighted soft coverage within any 12-token window (related forms count only sentence-wide).</summary>
    private static double SoftWindow(float[] strengths, double[] soft, int count, int m, double[] w, double total)
    {
        if (count <= Window)
        {
            double c = 0;
            for (int j = 0; j < m; j++) c += w[j] * soft[j];
            return c / total;
        }
        double best = 0;
        var inWindow = new double[m];
        for (int start = 0; start + Window <= count; start += 3)
        {
            Array.Clear(inWindow);
            for (int k = start; k < start + Window; k++)
                for (int j = 0; j < m; j++)
                    if (strengths[k * m + j] > inWindow[j]) inWindow[j] = strengths[k * m + j];
            double c = 0;
            for (int j = 0; j < m; j++) c += w[j] * inWindow[j];
            best = Math.Max(best, c);
        }
        return best / total;
    }

    private static int HeadRow(QuestionAnalysis question, WordVectors v)
    {
        if (question.Type is not (AnswerType.Entity or AnswerType.Place or AnswerType.Person or AnswerType.Quotation or AnswerType.Date or AnswerType.Number)) return -1;
        var tokens = WordTokenizer.Tokenize(question.Question);
        for (int i = 0; i + 1 < tokens.Count; i++)
        {
            if (tokens[i].Normal is not ("what" or "which")) continue;
            for (int k = i + 1; k < tokens.Count && k <= i + 4; k++)
            {
                var t = tokens[k].Normal;
                if (HeadSkip.Contains(t)) continue;
                if (StopWords.Contains(t)) return -1; // "what is ...", "what did ...": no head noun
                return RowOf(v, t);
            }
            return -1;
        }
        return -1;
    }

    private static double Norm(float[] x)
    {
        double s = 0;
        foreach (var a in x) s += a * a;
        return Math.Sqrt(s);
    }

    private static double Cosine(float[] q, double qNorm, float[] x)
    {
        double dot = 0, xx = 0;
        for (int k = 0; k < q.Length; k++) { dot += q[k] * x[k]; xx += x[k] * x[k]; }
        return qNorm <= 0 || xx <= 0 ? 0 : dot / (qNorm * Math.Sqrt(xx));
    }
}
