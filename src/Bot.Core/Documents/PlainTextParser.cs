namespace Bot.Core.Documents;

/// <summary>
/// .txt: either one paragraph per line, or blank-line separated paragraphs; a short first line without final
/// punctuation followed by more text is the title.
/// </summary>
internal static class PlainTextParser
{
    public static ParsedText Parse(string text)
    {
        var lines = Lines(text);
        bool hasBlankLines = lines.Any(l => l.Blank);
        var blocks = new List<(int Start, int End)>();
        if (hasBlankLines)
        {
            int? blockStart = null; int blockEnd = 0;
            foreach (var l in lines)
            {
                if (l.Blank)
                {
                    if (blockStart is int bs) blocks.Add((bs, blockEnd));
                    blockStart = null;
                }
                else
                {
                    blockStart ??= l.Start;
                    blockEnd = l.End;
                }
            }
            if (blockStart is int last) blocks.Add((last, blockEnd));
        }
        else
        {
            blocks.AddRange(lines.Select(l => (l.Start, l.End)));
        }

        string? title = null;
        if (blocks.Count > 1 && IsTitleLike(text, blocks[0]))
        {
            title = text[blocks[0].Start..blocks[0].End].Trim();
            blocks.RemoveAt(0);
        }
        var paragraphs = blocks.Select((b, i) => Trimmed(text, i + 1, b.Start, b.End)).ToList();
        return new ParsedText(text, paragraphs, title, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
    }

    private static bool IsTitleLike(string text, (int Start, int End) block)
    {
        var s = text[block.Start..block.End].Trim();
        return s.Length is > 0 and <= 120 && !s.Contains('\n', StringComparison.Ordinal) && !".!?:;,".Contains(s[^1], StringComparison.Ordinal);
    }

    internal static Paragraph Trimmed(string text, int number, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        return new Paragraph(number, start, end);
    }

    private static List<(int Start, int End, bool Blank)> Lines(string text)
    {
        var lines = new List<(int, int, bool)>();
        int s = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == '\n')
            {
                int e = i;
                if (e > s && text[e - 1] == '\r') e--;
                if (i < text.Length || e > s)
                    lines.Add((s, e, text.AsSpan(s, e - s).IsWhiteSpace()));
                s = i + 1;
            }
        }
        return lines;
    }
}
