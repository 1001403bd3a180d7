using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Bot.Cli.Rendering;

/// <summary>
/// Text from documents, titles, paths and answers made safe for a terminal: control characters (an escape sequence
/// in a title could retitle the window or clear the screen) and bidirectional overrides are shown escaped (\x1B,
/// \u202E); line breaks and tabs stay.
/// </summary>
public static class TerminalText
{
    public static string Sanitize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int i = 0;
        while (i < text.Length && !Unsafe(text[i])) i++;
        if (i == text.Length) return text;
        var sb = new StringBuilder(text.Length + 16).Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (!Unsafe(c)) sb.Append(c);
            else if (c <= 0xFF) sb.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            else sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary><see cref="Sanitize"/> then Spectre markup escaping, for use inside <c>MarkupLine</c>.</summary>
    /// <remarks>
    /// Markup still turns emoji codes into emoji (":fire:" becomes a flame; Spectre offers no escape for them), so text
    /// that must reach the terminal verbatim — quotes and citations — goes through <see cref="Plain"/> instead.
    /// </remarks>
    public static string Markup(string text) => Spectre.Console.Markup.Escape(Sanitize(text));

    /// <summary><see cref="Sanitize"/>d text as a Spectre <see cref="Text"/>: shown exactly, never parsed as markup or emoji codes.</summary>
    public static Text Plain(string text, Style? style = null) => new(Sanitize(text), style);

    private static bool Unsafe(char c) =>
        (char.IsControl(c) && c is not ('\n' or '\t' or '\r')) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
