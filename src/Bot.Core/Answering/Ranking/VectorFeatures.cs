using System.Numerics.Tensors;
using Bot.Core.Search;

namespace Bot.Core.Answering.Ranking;

/// <summary>
/// Sentence-embedding features of the candidates (only when an embedding model is active): the cosine between the
/// question's and each sentence's embedding, relative to the best candidate, its rank, and the best of its neighbours.
/// A sentence encoder sees paraphrase and word order that lexical matching misses.
/// </summary>
internal static class VectorFeatures
{
    public static readonly string[] Names = ["vecCos", "vecGapToBest", "vecRank", "vecNeighbour", "vecParagraph"];

    /// <summary>Offset of "vecParagraph" (the best cosine in the candidate's paragraph) among these features.</summary>
    public const int ParagraphBest = 4;

    private static readonly int[] Sides = [-1, 1];

    /// <summary>Cosine of the question with each candidate (vectors unit length).</summary>
    public static double[] Cosines(float[] question, IReadOnlyList<float[]> sentences)
    {
        var c = new double[sentences.Count];
        for (int i = 0; i < c.Length; i++) c[i] = TensorPrimitives.Dot(question, sentences[i]);
        return c;
    }

    public static void Fill(double[][] features, int offset, IReadOnlyList<SentenceRow> sentences, double[] cos)
    {
        int n = cos.Length;
        if (n == 0) return;
        double max = cos.Max();
        var order = Enumerable.Range(0, n).OrderByDescending(i => cos[i]).ToArray();
        var rank = new int[n];
        for (int r = 0; r < n; r++) rank[order[r]] = r;
        var byKey = new Dictionary<(long, int), int>();
        for (int i = 0; i < n; i++) byKey[(sentences[i].DocumentId, sentences[i].Ordinal)] = i;
        var paragraphMax = new Dictionary<(long, int), double>();
        for (int i = 0; i < n; i++)
        {
            var k = (sentences[i].DocumentId, sentences[i].Paragraph);
            paragraphMax[k] = Math.Max(paragraphMax.GetValueOrDefault(k, -1), cos[i]);
        }
        for (int i = 0; i < n; i++)
        {
            var s = sentences[i];
            bool hasNeighbour = false;
            double nb = double.NegativeInfinity;
            foreach (var d in Sides)
            {
                if (byKey.TryGetValue((s.DocumentId, s.Ordinal + d), out var j) && sentences[j].Paragraph == s.Paragraph)
                {
                    hasNeighbour = true;
                    nb = Math.Max(nb, cos[j]);
                }
            }
            var f = features[i];
            f[offset] = cos[i];
            f[offset + 1] = cos[i] - max;
            f[offset + 2] = 1.0 / (1 + rank[i]);
            f[offset + 3] = hasNeighbour ? nb : cos[i];
            f[offset + ParagraphBest] = paragraphMax[(s.DocumentId, s.Paragraph)];
        }
    }
}
