using Bot.Core.Text;

namespace Bot.Core.Feedback;

/// <summary>
/// Groups question vectors by agglomerative clustering with average linkage over cosine similarity: the two groups whose
/// members are on average most alike are merged until no two groups reach the threshold. Each group is named by its most
/// frequent content words. O(n³) in the number of questions, so callers pass at most <see cref="MaxQuestions"/>.
/// </summary>
public static class GapClusterer
{
    /// <summary>The most questions clustered at once (the report takes the most recent ones).</summary>
    public const int MaxQuestions = 600;

    /// <summary>Member indexes of each group, largest group first, each group's most typical member first.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Cluster(IReadOnlyList<float[]> vectors, double threshold)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var n = vectors.Count;
        var unit = vectors.Select(Normalized).ToArray();
        var sim = new double[n, n];
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
                sim[i, j] = sim[j, i] = Dot(unit[i], unit[j]);
        var members = Enumerable.Range(0, n).Select(i => new List<int> { i }).ToArray();
        var active = Enumerable.Range(0, n).ToList();
        while (active.Count > 1)
        {
            double best = double.NegativeInfinity;
            int a = -1, b = -1;
            for (var x = 0; x < active.Count; x++)
                for (var y = x + 1; y < active.Count; y++)
                    if (sim[active[x], active[y]] > best)
                        (best, a, b) = (sim[active[x], active[y]], active[x], active[y]);
            if (best < threshold) break;
            // Lance–Williams update for average linkage.
            double sa = members[a].Count, sb = members[b].Count;
            foreach (var k in active)
                if (k != a && k != b)
                    sim[a, k] = sim[k, a] = (sa * sim[a, k] + sb * sim[b, k]) / (sa + sb);
            members[a].AddRange(members[b]);
            active.Remove(b);
        }
        return [.. active.Select(g => (IReadOnlyList<int>)[.. members[g].OrderByDescending(i => Typicality(i, members[g], unit)).ThenBy(i => i)])
            .OrderByDescending(g => g.Count).ThenBy(g => g.Min())];
    }

    /// <summary>The group's most frequent content words (each counted once per question), at most <paramref name="words"/>.</summary>
    public static string Name(IEnumerable<string> questions, int words = 3)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var counts = new Dictionary<string, (int Count, int First)>(StringComparer.Ordinal);
        var order = 0;
        foreach (var q in questions)
            foreach (var w in ContentWords(q).Distinct(StringComparer.Ordinal))
                counts[w] = counts.TryGetValue(w, out var c) ? (c.Count + 1, c.First) : (1, order++);
        var name = counts.OrderByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Value.First).Take(words).Select(kv => kv.Key);
        return string.Join(' ', name) is { Length: > 0 } s ? s : "(no content words)";
    }

    /// <summary>A bag of word stems as a vector over <paramref name="vocabulary"/>: the grouping without an embedding model.</summary>
    public static float[] WordVector(string question, IDictionary<string, int> vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var stems = ContentWords(question).Select(WordTokenizer.StemOf).ToList();
        foreach (var s in stems) if (!vocabulary.ContainsKey(s)) vocabulary[s] = vocabulary.Count;
        if (stems.Count == 0) return [];
        var vector = new float[vocabulary.Count];
        foreach (var s in stems) vector[vocabulary[s]] = 1f;
        return vector;
    }

    private static IEnumerable<string> ContentWords(string question) =>
        WordTokenizer.Tokenize(question).Select(t => t.Normal).Where(w => w.Length >= 3 && !char.IsDigit(w[0]) && !StopWords.Contains(w));

    private static double Typicality(int i, List<int> group, float[][] unit) => group.Where(j => j != i).Sum(j => Dot(unit[i], unit[j]));

    private static float[] Normalized(float[] v)
    {
        var norm = Math.Sqrt(v.Sum(x => (double)x * x));
        return norm == 0 ? v : [.. v.Select(x => (float)(x / norm))];
    }

    private static double Dot(float[] a, float[] b)
    {
        double s = 0;
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++) s += a[i] * b[i];
        return s;
    }
}
