namespace Bot.ScaleBench;

/// <summary>
/// The filler's sentences: every gloss and example sentence of WordNet 3.0 (Debian package <c>wordnet-base</c>,
/// <c>/usr/share/wordnet/data.{noun,verb,adj,adv}</c>), in file order, each capitalised and closed with a full stop.
/// </summary>
internal static class WordNetSentences
{
    public const string DefaultFolder = "/usr/share/wordnet";

    public static List<string> Load(string folder)
    {
        var sentences = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in new[] { "noun", "verb", "adj", "adv" })
        {
            var file = Path.Combine(folder, "data." + part);
            if (!File.Exists(file))
                throw new FileNotFoundException($"WordNet 3.0 is missing ({file}); install it with `apt-get install wordnet-base` or pass --wordnet DIR.");
            foreach (var line in File.ReadLines(file))
            {
                if (line.StartsWith("  ", StringComparison.Ordinal)) continue; // the licence header
                int bar = line.IndexOf(" | ", StringComparison.Ordinal);
                if (bar < 0) continue;
                foreach (var piece in line[(bar + 3)..].Split(';'))
                {
                    var s = piece.Trim().Trim('"').Trim();
                    if (s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < 4) continue;
                    s = char.ToUpperInvariant(s[0]) + s[1..];
                    if (!".!?".Contains(s[^1], StringComparison.Ordinal)) s += ".";
                    if (seen.Add(s)) sentences.Add(s);
                }
            }
        }
        return sentences;
    }
}
