using System.Numerics.Tensors;
using Bot.Core.Indexing;

namespace Bot.Core.Answering.Ranking;

/// <summary>
/// Sentence-embedding features of the candidates (only when an embedding model is active): the cosine between the
/// question's and each sentence's embedding, relative to the best candidate, its rank, and the best of its neighbours.
/// A sentence encoder sees paraphrase and word order that lexical matching misses.
/// </summary>
internal static class VectorFeatures
{
    /// <summary>Cosine of the question with each candidate (vectors unit length).</summary>
    public static double[] Cosines(float[] question, IReadOnlyList<float[]> sentences)
    {
        var c = new double[sentences.Count];
        for (int i = 0; i < c.Length; i++) c[i] = TensorPrimitives.Dot(question, sentences[i]);
        return c;
    }

    /// <summary>Writes each candidate's sentence-embedding slots (<see cref="CandidateFeature.VecCos"/> to <see cref="CandidateFeature.VecParagraph"/>).</summary>
    public static void Fill(double[][] features, IReadOnlyList<SentenceRow> sentences, double[] cos)
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
            f[CandidateFeature.VecCos] = cos[i];
            f[CandidateFeature.VecGapToBest] = cos[i] - max;
            f[CandidateFeature.VecRank] = 1.0 / (1 + rank[i]);
            f[CandidateFeature.VecNeighbour] = adjacent[i] ?? cos[i];
            f[CandidateFeature.VecParagraph] = paragraphMax[(s.DocumentId, s.Paragraph)];
        }
    }
}
