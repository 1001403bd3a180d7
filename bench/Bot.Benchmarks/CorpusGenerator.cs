using System.Text;
using Bot.Core.Chunking;
using Bot.Core.Text;

namespace Bot.Benchmarks;

/// <summary>
/// Writes a deterministic corpus: every document is a title line and 3–6 paragraphs of 2–5 sentences drawn (fixed
/// seed) from the sentences of the squad-dev articles, so sizes and vocabulary look like real seeds.
/// </summary>
public sealed class CorpusGenerator
{
    private readonly List<string> _sentences = [];
    private readonly Random _random;

    public CorpusGenerator(string sourceFolder, int seed)
    {
        foreach (var file in Directory.GetFiles(sourceFolder, "*.txt").Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            foreach (var span in SentenceSplitter.Split(text, 0, text.Length))
            {
                var sentence = text[span.Start..span.End].Trim();
                if (sentence.Length is > 30 and < 400 && !sentence.Contains('\n', StringComparison.Ordinal)) _sentences.Add(sentence);
            }
        }
        if (_sentences.Count == 0) throw new InvalidOperationException($"No sentences found in {sourceFolder}.");
        _random = new Random(seed);
    }

    public int SentenceCount => _sentences.Count;

    /// <summary>One document's text; <paramref name="salt"/> makes a changed version distinct from the original.</summary>
    public string Document(int number, string salt = "")
    {
        var sb = new StringBuilder();
        sb.Append("Generated article ").Append(number).Append(salt).Append("\n\n");
        int paragraphs = _random.Next(3, 7);
        for (int p = 0; p < paragraphs; p++)
        {
            int sentences = _random.Next(2, 6);
            for (int s = 0; s < sentences; s++)
            {
                if (s > 0) sb.Append(' ');
                sb.Append(_sentences[_random.Next(_sentences.Count)]);
            }
            sb.Append("\n\n");
        }
        return sb.ToString();
    }

    /// <summary>Writes <paramref name="count"/> documents in folders of 500 (as a big seeds folder might be organised).</summary>
    public long WriteCorpus(string seeds, int count)
    {
        long bytes = 0;
        for (int i = 0; i < count; i++)
        {
            var path = PathOf(seeds, i);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var text = Document(i);
            File.WriteAllText(path, text);
            bytes += Encoding.UTF8.GetByteCount(text);
        }
        return bytes;
    }

    public static string PathOf(string seeds, int i) => Path.Combine(seeds, $"part-{i / 500:D2}", $"article-{i:D5}.txt");
}
