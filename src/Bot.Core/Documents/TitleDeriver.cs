using Bot.Core.Text;

namespace Bot.Core.Documents;

/// <summary>
/// Derives a headline-like title from a document's first sentence when it has none: a short lead-in phrase
/// ("In a historic move, …") is dropped and a long sentence is cut at its first clause boundary, so citations read
/// "Russia recognises Taliban rule in Afghanistan" rather than a truncated sentence.
/// </summary>
public static class TitleDeriver
{
    public const int MaxLength = 80;

    /// <summary>Titles longer than this are cut at a clause boundary when one leaves a meaningful headline.</summary>
    private const int Comfortable = 60;

    private static readonly string[] ClauseBreaks = [", ", "; ", " — ", " – ", " - ", ": "];

    public static string FromFirstSentence(string text, Paragraph first)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = SentenceSplitter.Split(text, first.Start, first.End);
        var s = sentences.Count > 0 ? text[sentences[0].Start..sentences[0].End] : text[first.Start..first.End];
        return Headline(s);
    }

    /// <summary>The headline form of one sentence (see the class summary).</summary>
    public static string Headline(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var s = sentence.Trim().TrimEnd('.', '!', '?', ':', ';', ',');
        s = DropLeadIn(s);
        if (s.Length > Comfortable)
        {
            var cut = FirstClauseBreak(s);
            if (cut >= 20) s = s[..cut];
        }

        if (s.Length <= MaxLength) return s;
        var space = s.LastIndexOf(' ', MaxLength);
        if (space < MaxLength / 2) space = MaxLength;
        return string.Concat(s[..space].TrimEnd(',', ';', ':', ' '), "…");
    }

    // "In a historic move, X" / "On Thursday, X": a lead-in of at most four words before the first comma.
    private static string DropLeadIn(string s)
    {
        var comma = s.IndexOf(", ", StringComparison.Ordinal);
        if (comma <= 0) return s;
        var leadWords = s[..comma].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var rest = s[(comma + 2)..].TrimStart();
        if (leadWords > 4 || rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < 4 || rest.Length == 0) return s;
        // A lead-in that names the subject ("Mr. Smith, the minister, said") is not dropped: only one that starts lower
        // in the sentence's structure, i.e. with a preposition or a time word.
        var firstWord = s[..comma].Split(' ', 2)[0];
        if (!LeadInStarters.Contains(firstWord)) return s;
        return char.ToUpperInvariant(rest[0]) + rest[1..];
    }

    private static int FirstClauseBreak(string s)
    {
        var best = -1;
        foreach (var mark in ClauseBreaks)
        {
            var i = s.IndexOf(mark, StringComparison.Ordinal);
            if (i > 0 && (best < 0 || i < best)) best = i;
        }

        return best;
    }

    private static readonly HashSet<string> LeadInStarters = new(StringComparer.OrdinalIgnoreCase)
    {
        "In", "On", "At", "After", "Before", "During", "Amid", "Following", "With", "For", "Today", "Yesterday",
        "Tonight", "Earlier", "Later", "Last", "This", "Now", "Meanwhile", "However", "According", "Since", "Over",
        "Under", "From", "By", "As", "Despite", "Once", "When", "While", "Recently", "Finally",
    };
}
