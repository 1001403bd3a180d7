using Bot.Core.Answering.Ranking;
using Bot.Core.Indexing;

namespace Bot.Core.Answering.Pipeline;

/// <summary>
/// Passage ordering: re-ranks the retrieved passages by their best candidate sentence, first adding the passages of
/// candidate paragraphs that retrieval did not return when one of the ranker's top sentences lies outside them.
/// </summary>
internal sealed class PassageOrderer
{
    /// <summary>How deep callers read the re-ranked passages (MRR@10; the LLM's prompt takes fewer).</summary>
    private const int PassagesShown = 10;

    public async Task<IReadOnlyList<PassageHit>> OrderAsync(IIndexReader reader, CandidateSet set, IReadOnlyList<ScoredSentence> ranked, CancellationToken cancellationToken)
    {
        var passages = ShowsUnretrievedSentence(set.Passages, ranked)
            ? await RankablePassagesAsync(reader, set.Passages, set.Sentences, cancellationToken).ConfigureAwait(false)
            : set.Passages;
        var best = new Dictionary<(long, int), double>();
        foreach (var s in ranked) best.TryAdd((s.Sentence.DocumentId, s.Sentence.Ordinal), s.Score);
        return RerankPassages(passages, best);
    }

    /// <summary>
    /// Whether one of the ranker's top sentences lies outside every retrieved passage (a paragraph only sentence BM25
    /// found, or the unretrieved part of a long paragraph): only then are the other passages of the candidate
    /// paragraphs worth a query, so the re-ranked list can show it.
    /// </summary>
    private static bool ShowsUnretrievedSentence(IReadOnlyList<PassageHit> retrieved, IReadOnlyList<ScoredSentence> ranked)
    {
        var shown = Shown(retrieved);
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
        var shown = Shown(retrieved);
        var unshown = sentences.Where(s => !shown.Contains((s.DocumentId, s.Ordinal))).Select(s => (s.DocumentId, s.Paragraph)).Distinct().ToList();
        if (unshown.Count == 0) return retrieved;
        var ids = retrieved.Select(p => p.PassageId).ToHashSet();
        var more = await reader.GetParagraphPassagesAsync(unshown, cancellationToken).ConfigureAwait(false);
        return retrieved.Concat(more.Where(p => ids.Add(p.PassageId))).ToList();
    }

    /// <summary>Every (document, sentence ordinal) the passages show.</summary>
    private static HashSet<(long, int)> Shown(IReadOnlyList<PassageHit> passages)
    {
        var shown = new HashSet<(long, int)>();
        foreach (var p in passages)
            for (int o = p.FirstSentence; o <= p.LastSentence; o++) shown.Add((p.DocumentId, o));
        return shown;
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
}
