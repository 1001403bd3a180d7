using Bot.Core.Chunking;

namespace Bot.Core.Documents;

/// <summary>Derives a readable title from a document's first sentence when it has none.</summary>
public static class TitleDeriver
{
    public const int MaxLength = 80;

    public static string FromFirstSentence(string text, Paragraph first)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = SentenceSplitter.Split(text, first.Start, first.End);
        var s = sentences.Count > 0 ? text[sentences[0].Start..sentences[0].End] : text[first.Start..first.End];
        s = s.Trim().TrimEnd('.', '!', '?', ':', ';', ',');
        if (s.Length <= MaxLength) return s;
        int cut = s.LastIndexOf(' ', MaxLength);
        if (cut < MaxLength / 2) cut = MaxLength;
        return string.Concat(s[..cut].TrimEnd(',', ';', ':', ' '), "…");
    }
}
