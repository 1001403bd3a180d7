using Bot.Core.Indexing;
using Bot.Core.Questions;
using Bot.Core.Text;

namespace Bot.Core.Answering.Ranking;

/// <summary>
/// Word-vector features of the candidates: SQuAD-style questions paraphrase their answer sentence ("invaded" for
/// "conquered"), which exact, stem and word-form matching miss. Each question term is softly matched to the closest
/// content word of the sentence (GloVe cosine, <see cref="WordVectors"/>), and the sentence, its neighbourhood and its
/// best 12-token window are scored by the idf-weighted share of the question they cover that way.
/// </summary>
internal static class SemanticFeatures
{
    // Cosine below Floor counts as no match; above it the soft strength rises linearly to 1 at cosine 1.
    private const float Floor = 0.35f;
    private const int Window = 12;

    /// <summary>Writes each candidate's soft-match slots (<see cref="CandidateFeature.SoftCoverage"/> and the two after it).</summary>
    /// <param name="match">Exact/related-form match strength of each question term in each sentence (CandidateFeatures).</param>
    public static void Fill(
        double[][] features, QuestionAnalysis question, IReadOnlyList<SentenceRow> sentences, List<List<WordToken>> tokens, List<double[]> match, double[] w)
    {
        var v = WordVectors.Default;
        var terms = question.Terms;
        int n = sentences.Count, m = terms.Count;
        double total = Math.Max(1e-9, w.Sum());
        var qRows = terms.Select(t => t.IsAcronym ? -1 : v.IndexOf(t.Normal)).ToArray();
        // Per vocabulary row: its soft strength against each question term.
        var cache = new Dictionary<int, float[]>();
        float[] SimilaritiesOf(int row)
        {
            if (cache.TryGetValue(row, out var sims)) return sims;
            sims = new float[m];
            for (int j = 0; j < m; j++)
            {
                if (qRows[j] < 0) continue;
                var c = v.Similarity(qRows[j], row);
                sims[j] = c <= Floor ? 0 : (c - Floor) / (1 - Floor);
            }
            cache[row] = sims;
            return sims;
        }

        var strengths = new float[n][]; // per sentence, token-major: each token's strength for each term (exact stem 1, else soft)
        var soft = new double[n][]; // per sentence, per term: max(exact or related form, soft)
        for (int i = 0; i < n; i++)
        {
            var tk = tokens[i];
            var st = strengths[i] = new float[tk.Count * m];
            var s = soft[i] = new double[m];
            for (int j = 0; j < m; j++) s[j] = match[i][j];
            for (int k = 0; k < tk.Count; k++)
            {
                var t = tk[k];
                int row = t.IsNumber || StopWords.Contains(t.Normal) ? -1 : v.IndexOf(t.Normal);
                var sims = row >= 0 ? SimilaritiesOf(row) : null;
                for (int j = 0; j < m; j++)
                {
                    float x = t.Stem == terms[j].Stem ? 1 : sims is null ? 0 : sims[j];
                    st[k * m + j] = x;
                    if (x > s[j]) s[j] = x;
                }
            }
        }

        for (int i = 0; i < n; i++)
        {
            var f = features[i];
            double cov = 0, hood = 0;
            for (int j = 0; j < m; j++)
            {
                double s = soft[i][j];
                cov += w[j] * s;
                double nb = s;
                for (int k = i - 1; k <= i + 1; k += 2)
                    if (k >= 0 && k < n && sentences[k].DocumentId == sentences[i].DocumentId && sentences[k].Paragraph == sentences[i].Paragraph)
                        nb = Math.Max(nb, soft[k][j]);
                hood += w[j] * nb;
            }
            f[CandidateFeature.SoftCoverage] = cov / total;
            f[CandidateFeature.SoftNeighbourhood] = hood / total;
            f[CandidateFeature.SoftWindow] = SoftWindow(strengths[i], soft[i], tokens[i].Count, m, w, total);
        }
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
}
