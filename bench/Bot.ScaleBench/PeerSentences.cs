using Bot.Core.Text;

namespace Bot.ScaleBench;

/// <summary>What both BM25 peers index: every sentence of every seed file (paragraphs at blank lines, the bot's splitter).</summary>
internal static class PeerSentences
{
    public static IEnumerable<(string Path, string Text)> Read(string seeds)
    {
        foreach (var file in Directory.EnumerateFiles(seeds, "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var path = Path.GetRelativePath(seeds, file);
            var text = File.ReadAllText(file);
            int start = 0;
            while (start < text.Length)
            {
                int end = text.IndexOf("\n\n", start, StringComparison.Ordinal);
                if (end < 0) end = text.Length;
                foreach (var span in SentenceSplitter.Split(text, start, end))
                    yield return (path, text[span.Start..span.End]);
                start = end + 2;
            }
        }
    }

    /// <summary>The question's words, lower-cased (as the eval's BM25 baseline takes them).</summary>
    public static List<string> Words(string question) =>
        WordTokenizer.Tokenize(question).Select(t => t.Surface.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
}
