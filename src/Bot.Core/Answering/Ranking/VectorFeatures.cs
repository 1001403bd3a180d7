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
        var rank = CandidateNeighbours.Ranks(cos);
        var adjacent = CandidateNeighbours.BestAdjacent(sentences, cos);
        var paragraphMax = new Dictionary<(long, int), double>();
        for (int i = 0; i < n; i++)
        {
            var k = (sentences[i].DocumentId, sentences[i].Paragraph);
            paragraphMax[k] = Math.Max(paragraphMax.GetValueOrDefault(k, -1), cos[i]);
        }
        for (int i = 0; i < n; i++)
        {
            var s = sentences[i];
            var f = features[i];
            f[offset] = cos[i];
            f[offset + 1] = cos[i] - max;
            f[offset + 2] = 1.0 / (1 + rank[i]);
            f[offset + 3] = adjacent[i] ?? cos[i];
            f[offset + ParagraphBest] = paragraphMax[(s.DocumentId, s.Paragraph)];
        }
    }
}
