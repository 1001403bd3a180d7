using System.Text;
using Bot.Core.Chunking;
using Bot.Core.Configuration;
using Bot.Core.Documents;

namespace Bot.ScaleBench;

/// <summary>
/// A seeds folder of about <c>passages</c> passages: the squad-dev articles plus filler documents, each a title line and
/// 3–6 paragraphs of 2–5 WordNet sentences drawn with a fixed seed (a paragraph is one passage at the default budget), in
/// folders of 500. The same arguments give the same files.
/// </summary>
internal static class ScaleCorpus
{
    /// <summary>Writes the corpus; returns the number of filler documents.</summary>
    public static async Task<int> WriteAsync(string seeds, string squadDocs, IReadOnlyList<string> filler, int passages, int seed)
    {
        Directory.CreateDirectory(seeds);
        // The articles' own passages count towards the size (chunked as the bot chunks them, default settings).
        var options = new BotOptions();
        var chunker = new Chunker(options.PassageTokens, options.OverlapSentences);
        int squadPassages = 0;
        foreach (var file in Directory.GetFiles(squadDocs, "*.txt").Order(StringComparer.Ordinal))
        {
            var target = Path.Combine(seeds, Path.GetFileName(file));
            File.Copy(file, target);
            var document = await DocumentLoader.LoadAsync(target, Path.GetFileName(file), options.MaxFileBytes, CancellationToken.None);
            squadPassages += chunker.Chunk(document).Passages.Count;
        }

        var random = new Random(seed);
        int paragraphs = squadPassages, docs = 0;
        var sb = new StringBuilder();
        while (paragraphs < passages)
        {
            sb.Clear();
            sb.Append("Glossary notes ").Append(docs + 1).Append("\n\n");
            int count = random.Next(3, 7);
            for (int p = 0; p < count; p++)
            {
                int sentences = random.Next(2, 6);
                for (int s = 0; s < sentences; s++)
                {
                    if (s > 0) sb.Append(' ');
                    sb.Append(filler[random.Next(filler.Count)]);
                }
                sb.Append("\n\n");
            }
            var path = Path.Combine(seeds, "filler", $"part-{docs / 500:D3}", $"notes-{docs:D6}.txt");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, sb.ToString());
            paragraphs += count;
            docs++;
        }
        return docs;
    }
}
