using System.Text;

namespace Bot.Core.Llm;

/// <summary>
/// Text with whitespace runs collapsed to one space and typographic quote marks, dashes and ellipses folded to ASCII,
/// plus a map from each normalized character back to its index in the original — so a match found in normalized text
/// becomes exact offsets of the original.
/// </summary>
internal sealed class NormalizedText
{
    private readonly int[] _map;

    private NormalizedText(string original, string text, int[] map)
    {
        Original = original;
        Text = text;
        _map = map;
    }

    public string Original { get; }

    public string Text { get; }

    public static NormalizedText Create(string original)
    {
        var sb = new StringBuilder(original.Length);
        var map = new List<int>(original.Length);
        int pendingSpace = -1;
        for (int i = 0; i < original.Length; i++)
        {
            char c = original[i];
            if (char.IsWhiteSpace(c))
            {
                if (pendingSpace < 0 && sb.Length > 0) pendingSpace = i;
                continue;
            }
            if (c is '\u00AD' or '\u200B' or '\u200C' or '\u200D' or '\uFEFF') continue; // invisible: soft hyphen, zero-width
            if (pendingSpace >= 0)
            {
                sb.Append(' ');
                map.Add(pendingSpace);
                pendingSpace = -1;
            }
            switch (c)
            {
                case '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' or '`' or '\u00B4':
                    Add('\'', i);
                    break;
                case '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u00AB' or '\u00BB':
                    Add('"', i);
                    break;
                case '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212':
                    Add('-', i);
                    break;
                case '\u2026':
                    Add('.', i);
                    Add('.', i);
                    Add('.', i);
                    break;
                default:
                    Add(c, i);
                    break;
            }
        }
        return new NormalizedText(original, sb.ToString(), map.ToArray());

        void Add(char ch, int index)
        {
            sb.Append(ch);
            map.Add(index);
        }
    }

    /// <summary>The original range [start, end) covering normalized characters [index, index + length).</summary>
    public (int Start, int End) ToOriginal(int index, int length)
    {
        int start = _map[index];
        int last = _map[index + length - 1];
        // An ellipsis maps three normalized dots to one original character; the range must include it whole.
        return (start, last + 1);
    }
}
