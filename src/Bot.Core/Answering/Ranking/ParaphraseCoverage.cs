using Bot.Core.Questions;
using Bot.Core.Text;

namespace Bot.Core.Answering.Ranking;

/// <summary>
/// Paraphrase-aware answerability of the best candidate (issue 14): a news question paraphrases its answer sentence
/// ("vehicle" for "van", "hammer out the pact" for "negotiated the deal"), so an exact "missing idf" reads a right answer
/// as out of corpus. Here a question word counts as present when the sentence (or its paragraph and the article's title)
/// holds it exactly, as one of its word forms, as a WordNet synonym, derivation or hypernym (<see cref="WordNetRelations"/>)
/// or as a GloVe neighbour (cosine at least <see cref="GloveMatch"/>, <see cref="WordVectors"/>). Names are the
/// exception: they count only exactly or by a listed variant (another person or place is the strongest sign of a
/// question about something else).
/// </summary>
internal static class ParaphraseCoverage
{
    /// <summary>GloVe cosine at or above which a sentence word stands for a question word.</summary>
    internal const float GloveMatch = 0.5f;

    /// <summary>A question token's best contextual cosine at or above which the sentence covers it (<see cref="TokenMatchFeatures"/>).</summary>
    internal const double TokenMatch = 0.7;

    /// <summary>Writes the paraphrase slots of the abstainer's vector for the best candidate <paramref name="top"/>.</summary>
    public static void Fill(double[] a, CandidateSet set, int top)
    {
        var terms = set.Analysis.Terms;
        var best = set.Sentences[top];
        var w = terms.Select(t => set.Idf.TryGetValue(t.Stem, out var v) ? v : 1.0).ToArray();
        IEnumerable<WordToken> TokensOf(int i) => set.Tokens?[i] ?? WordTokenizer.Tokenize(set.Sentences[i].Text);

        var inSentence = Matched(set.Analysis, TokensOf(top));
        var context = new List<WordToken>(TokensOf(top));
        for (int i = 0; i < set.Sentences.Count; i++)
        {
            var s = set.Sentences[i];
            if (i != top && s.DocumentId == best.DocumentId && s.Paragraph == best.Paragraph) context.AddRange(TokensOf(i));
        }
        context.AddRange(WordTokenizer.Tokenize(best.Title));
        var inContext = Matched(set.Analysis, context);

        a[AbstentionFeature.TopSoftMissing] = MissingShare(w, inSentence);
        a[AbstentionFeature.TopContextSoftMissing] = MissingShare(w, inContext);
        double maxIdf = w.DefaultIfEmpty(0).Max(), maxMissing = 0;
        for (int j = 0; j < w.Length; j++) if (!inContext[j]) maxMissing = Math.Max(maxMissing, w[j]);
        a[AbstentionFeature.TopContextSoftMaxMissing] = maxIdf > 0 ? maxMissing / maxIdf : 0;
        int names = 0, found = 0;
        for (int j = 0; j < terms.Count; j++)
        {
            if (!set.Analysis.IsName(terms[j])) continue;
            names++;
            if (inContext[j]) found++;
        }
        a[AbstentionFeature.TopParagraphNames] = names == 0 ? 1 : (double)found / names;
        a[AbstentionFeature.TopTokCovered] = set.TokenCovered is { } covered ? covered[top] : 0;
    }

    /// <summary>The idf-weighted share of the question's terms not <paramref name="matched"/> (0 for a question without terms).</summary>
    internal static double MissingShare(double[] idf, bool[] matched)
    {
        double total = 0, missing = 0;
        for (int j = 0; j < idf.Length; j++)
        {
            total += idf[j];
            if (!matched[j]) missing += idf[j];
        }
        return total > 0 ? missing / total : 0;
    }

    /// <summary>
    /// Whether each of the question's terms has a match among <paramref name="tokens"/>: exact stem or word form for every
    /// term; for a term that is not a name also a WordNet relation or a GloVe neighbour (numbers match only exactly).
    /// </summary>
    internal static bool[] Matched(QuestionAnalysis question, IEnumerable<WordToken> tokens)
    {
        var terms = question.Terms;
        var result = new bool[terms.Count];
        var wordNet = WordNetRelations.Default;
        var vectors = WordVectors.Default;
        var termIds = terms.Select(t => wordNet.IdOf(t.Stem)).ToArray();
        var termRows = terms.Select(t => t.IsAcronym ? -1 : vectors.IndexOf(t.Normal)).ToArray();
        var isName = terms.Select(question.IsName).ToArray();
        var variants = terms.Select(t => t.Variants.Select(WordTokenizer.StemOf).ToHashSet(StringComparer.Ordinal)).ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var x in tokens)
        {
            if (!seen.Add(x.Stem)) continue;
            bool content = !x.IsNumber && !StopWords.Contains(x.Normal);
            int id = content ? wordNet.IdOf(x.Stem) : -1;
            int row = content ? vectors.IndexOf(x.Normal) : -1;
            for (int j = 0; j < terms.Count; j++)
            {
                if (result[j]) continue;
                if (x.Stem == terms[j].Stem || variants[j].Contains(x.Stem)) { result[j] = true; continue; }
                if (isName[j] || !content) continue;
                result[j] = wordNet.Related(termIds[j], id) || (termRows[j] >= 0 && row >= 0 && vectors.Similarity(termRows[j], row) >= GloveMatch);
            }
        }
        return result;
    }
}
