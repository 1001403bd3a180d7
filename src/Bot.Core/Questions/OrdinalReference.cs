using Bot.Core.Text;

namespace Bot.Core.Questions;

/// <summary>
/// "The last of the eight bodies" is "the eighth": a question that picks the last of a counted set refers to it by the
/// ordinal of the count, which is how an article that counts them names it ("The eighth was discovered…").
/// </summary>
public static class OrdinalReference
{
    private static readonly string[] Cardinals =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    ];

    private static readonly string[] Ordinals =
    [
        "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
        "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",
    ];

    /// <summary>
    /// The words naming the last of a counted set the question asks about ("the last of the eight bodies" → "eighth",
    /// "8th"; "the last of 12" → "twelfth", "12th"); empty when the question counts no such set.
    /// </summary>
    public static IReadOnlySet<string> LastOfCount(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return LastOfCount(WordTokenizer.Tokenize(question));
    }

    /// <summary><see cref="LastOfCount(string)"/> over the question's words, tokenized once by the caller.</summary>
    internal static IReadOnlySet<string> LastOfCount(List<WordToken> tokens)
    {
        for (int i = 0; i + 2 < tokens.Count; i++)
        {
            if (tokens[i].Normal is not "last" || tokens[i + 1].Normal is not "of") continue;
            int k = tokens[i + 2].Normal is "the" or "those" or "these" or "all" ? i + 3 : i + 2;
            if (k >= tokens.Count) break;
            int n = Count(tokens[k].Normal);
            if (n < 2) continue;
            var words = new HashSet<string>(StringComparer.Ordinal) { $"{n}{Suffix(n)}" };
            if (n < Ordinals.Length) words.Add(Ordinals[n]);
            return words;
        }
        return new HashSet<string>(StringComparer.Ordinal);
    }

    private static int Count(string word)
    {
        int i = Array.IndexOf(Cardinals, word);
        if (i >= 0) return i;
        return int.TryParse(word, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n < 10000 ? n : -1;
    }

    private static string Suffix(int n) => (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
}
