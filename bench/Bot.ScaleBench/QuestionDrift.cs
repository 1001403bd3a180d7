using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json;
using Bot.Core.Embeddings;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.ScaleBench;

/// <summary>
/// `--question-drift N`: how far the question–sentence cosines the rankers and abstainers read move when the corpus is
/// embedded with the int8 copy (<c>Bot:Embeddings:Quantization=Int8Corpus</c>: float question, int8 sentences) and when
/// everything is (<c>Int8</c>: int8 question and sentences), against float for both (the default):
/// N squad-dev answerable questions spread evenly over the file, each against every sentence of its own article.
/// Prints, per mode, the vectors' own closeness to float (cosine mean / p10 / min) and the change of q·s over all pairs
/// and over each question's 10 best sentences by the float cosine (mean / p90 / max of |Δ|), and how often the best
/// sentence by cosine stays the same.
/// </summary>
internal static class QuestionDrift
{
    public static async Task RunAsync(string squadFolder, int count, string data)
    {
        var docs = await PackagedModel.ChunkFolderAsync(Path.Combine(squadFolder, "docs"));
        var answerable = File.ReadLines(Path.Combine(squadFolder, "questions.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("answerable").GetBoolean())
            .Select(e => (Question: e.GetProperty("question").GetString()!, Doc: e.GetProperty("doc").GetString()!))
            .ToList();
        var step = Math.Max(1, answerable.Count / count);
        var questions = answerable.Where((_, i) => i % step == 0).Take(count).ToList();
        var sentencesOf = docs.ToDictionary(d => d.Name, d => d.Chunked.Sentences.Select(s => s.Text).Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var allSentences = questions.Select(q => q.Doc).Distinct(StringComparer.Ordinal).SelectMany(d => sentencesOf[d]).Distinct(StringComparer.Ordinal).ToList();
        Console.WriteLine($"{questions.Count} questions, each against its article's sentences ({allSentences.Count} sentences)");

        var (qFloat, sFloat) = await EmbedAsync(Path.Combine(data, "float"), int8: false, questions.Select(q => q.Question).ToList(), allSentences);
        var (qInt8, sInt8) = await EmbedAsync(Path.Combine(data, "int8"), int8: true, questions.Select(q => q.Question).ToList(), allSentences);
        Console.WriteLine($"question vectors, int8 vs float: {Cosines(qFloat.Zip(qInt8, Dot))}");
        Console.WriteLine($"sentence vectors, int8 vs float: {Cosines(sFloat.Values.Zip(sInt8.Values, Dot))}");

        foreach (var (name, q, s) in new[] { ("Int8Corpus (float question, int8 sentences)", qFloat, sInt8), ("Int8 (int8 question and sentences)", qInt8, sInt8) })
        {
            var all = new List<double>();
            var top = new List<double>();
            int sameBest = 0;
            for (int i = 0; i < questions.Count; i++)
            {
                var sentences = sentencesOf[questions[i].Doc];
                var reference = sentences.Select(t => Dot(qFloat[i], sFloat[t])).ToList();
                var moved = sentences.Select(t => Dot(q[i], s[t])).ToList();
                var deltas = reference.Zip(moved, (a, b) => Math.Abs(a - b)).ToList();
                all.AddRange(deltas);
                top.AddRange(Enumerable.Range(0, sentences.Count).OrderByDescending(k => reference[k]).Take(10).Select(k => deltas[k]));
                if (ArgMax(reference) == ArgMax(moved)) sameBest++;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: |Δ q·s| over {all.Count} pairs {Spread(all)}; over each question's 10 best {Spread(top)}; same best sentence {sameBest}/{questions.Count}"));
        }
    }

    private static async Task<(List<float[]> Questions, Dictionary<string, float[]> Sentences)> EmbedAsync(string data, bool int8, List<string> questions, List<string> sentences)
    {
        await using var provider = PackagedModel.Services(data, int8: int8);
        var setup = provider.GetRequiredService<EmbeddingSetupProvider>().Setup!;
        var q = new List<float[]>();
        foreach (var question in questions) q.Add(await setup.EmbedQueryAsync(question));
        var s = await setup.EmbedPassagesAsync(sentences);
        return (q, sentences.Select((t, i) => (t, s[i])).ToDictionary(x => x.t, x => x.Item2, StringComparer.Ordinal));
    }

    private static double Dot(float[] a, float[] b) => TensorPrimitives.Dot<float>(a, b);

    private static int ArgMax(List<double> values) => values.IndexOf(values.Max());

    private static string Cosines(IEnumerable<double> cosines)
    {
        var c = cosines.Order().ToList();
        return string.Create(CultureInfo.InvariantCulture, $"cosine mean {c.Average():F4}, p10 {c[c.Count / 10]:F4}, min {c[0]:F4}");
    }

    private static string Spread(List<double> deltas)
    {
        var d = deltas.Order().ToList();
        return string.Create(CultureInfo.InvariantCulture, $"mean {d.Average():F4}, p90 {d[d.Count * 9 / 10]:F4}, max {d[^1]:F4}");
    }
}
