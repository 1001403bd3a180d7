using System.Text;

namespace Bot.Discord.Rendering;

/// <summary>Escapes text so Discord shows it literally (no bold, links, spoilers, headings or mention syntax).</summary>
public static class DiscordMarkdown
{
    private const string Special = "\\*_~`|<>[]()";

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length + 16);
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            // Why: '#', '-', '+' and "1." only format at the start of a line (headings, lists, subtext).
            if (lineStart && char.IsAsciiDigit(c) && NumberedItem(text, i))
            {
                // "1. " starts a list: escape the dot ("1\. ").
                while (char.IsAsciiDigit(text[i])) sb.Append(text[i++]);
                sb.Append("\\.");
                lineStart = false;
                continue;
            }
            if (lineStart && c is '#' or '-' or '+') sb.Append('\\');
            else if (Special.Contains(c, StringComparison.Ordinal)) sb.Append('\\');
            sb.Append(c);
            lineStart = c == '\n' || (lineStart && c == ' ');
        }
        return sb.ToString();
    }

    private static bool NumberedItem(string text, int i)
    {
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        return i + 1 < text.Length && text[i] == '.' && text[i + 1] == ' ';
    }
}
