using System.Numerics.Tensors;
using Bot.Core.Embeddings;
using Bot.Core.Indexing;

namespace Bot.Core.Answering.Ranking;

/// <summary>
/// Late-interaction features of the re-ranked candidates (the first-stage ranker's best few): each question token's
/// best cosine with any token of the sentence (contextual token vectors of the embedding model), weighted by the
/// token's rarity among the question's candidates. A single sentence vector blurs which question words a sentence
/// answers; token matching keeps them apart (a "when" lines up with a year, a name with its paraphrase).
/// </summary>
internal static class TokenMatchFeatures
{
    /// <summary>A question token rarer than this (idf among the candidates) counts for <c>tokWorstCovered</c>.</summary>
    private const double RareIdf = 3;

    /// <summary>
    /// Weight of each question token: log((n + 1) / (df + 0.5)), df the number of the <paramref name="candidateIds"/>
    /// (every candidate's WordPiece ids) holding it. Common pieces (articles, punctuation) weigh little; a name the
    /// candidates rarely mention weighs most.
    /// </summary>
    public static double[] Weights(TokenVectors question, IReadOnlyList<IReadOnlyList<int>> candidateIds)
    {
        var wanted = question.Ids.ToHashSet();
        var df = new Dictionary<int, int>();
        foreach (var ids in candidateIds)
        {
            foreach (var id in ids.Where(wanted.Contains).Distinct())
            {
                df[id] = df.GetValueOrDefault(id) + 1;
            }
        }

        double n = candidateIds.Count;
        return question.Ids.Select(id => Math.Log((n + 1) / (df.GetValueOrDefault(id) + 0.5))).ToArray();
    }

    /// <summary>Weighted mean over question tokens of the best cosine with a sentence token, and the worst such cosine of a rare question token.</summary>
    public static (double Match, double WorstCovered) Score(TokenVectors question, double[] weights, TokenVectors sentence)
    {
        double sum = 0, total = 0, worst = 1;
        for (int a = 0; a < question.Count; a++)
        {
            double best = -1;
            var q = question[a];
            for (int b = 0; b < sentence.Count; b++) best = Math.Max(best, TensorPrimitives.Dot(q, sentence[b]));
            if (sentence.Count == 0) best = 0;
            sum += weights[a] * best;
            total += weights[a];
            if (weights[a] > RareIdf) worst = Math.Min(worst, best);
        }
        return (total > 0 ? sum / total : 0, worst);
    }

    /// <summary>
    /// Writes the features of the <paramref name="reranked"/> candidates (their scores in <paramref name="match"/> and
    /// <paramref name="worst"/>, in the same order); every other candidate keeps zeros, <c>tokReranked</c> = 0.
    /// </summary>
    public static void Fill(double[][] features, IReadOnlyList<SentenceRow> sentences, IReadOnlyList<int> reranked, double[] match, double[] worst)
    {
        if (reranked.Count == 0) return;
        double max = match.Max();
        var rank = CandidateNeighbours.Ranks(match);
        var adjacent = CandidateNeighbours.BestAdjacent(reranked.Select(i => sentences[i]).ToList(), match);
        for (int k = 0; k < reranked.Count; k++)
        {
            var f = features[reranked[k]];
            f[CandidateFeature.TokMatch] = match[k];
            f[CandidateFeature.TokGapToBest] = match[k] - max;
            f[CandidateFeature.TokWorstCovered] = worst[k];
            f[CandidateFeature.TokNeighbour] = Math.Max(match[k], adjacent[k] ?? match[k]);
            f[CandidateFeature.TokRank] = 1.0 / (1 + rank[k]);
            f[CandidateFeature.TokReranked] = 1;
        }
    }
}
