using Bot.Core.Indexing;
using Bot.Core.Text;

namespace Bot.Core.Answering;

/// <summary>
/// Whose words a sentence gives: a sentence attributed to a speaker by name ("…”, Ruiz said." / "said Ruiz" /
/// "…, according to Ruiz."), or a quotation attributed to nobody or to a pronoun ("“…”, she said.") whose speaker the
/// sentence before it names — the attribution sits in the antecedent, as news writes a quotation that runs on.
/// </summary>
internal static class ReportedSpeech
{
    // SentenceContext's verbs of attribution, and those that give a view or a claim.
    private static readonly HashSet<string> SaidVerbs = new(SentenceContext.SaidVerbs.Concat(
    [
        "say", "described", "admitted", "claimed", "insisted", "warned", "argued", "wrote", "recalled", "commented", "remarked",
        "continued", "concluded", "believes", "thinks", "suggested", "believed", "thought", "felt", "predicted", "acknowledged", "conceded",
    ]), StringComparer.Ordinal);

    /// <summary>How many sentences back a quotation's speaker is looked for (a quotation of two or three sentences).</summary>
    private const int MaxLookBack = 2;

    /// <summary>Whether <paramref name="sentence"/> gives the words of the speaker named by <paramref name="speaker"/> (normalised name words).</summary>
    public static bool GivesWordsOf(SentenceRow sentence, IReadOnlyList<SentenceRow> all, IReadOnlyCollection<string> speaker)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(speaker);
        if (speaker.Count == 0) return false;
        var tokens = WordTokenizer.Tokenize(sentence.Text);
        switch (Attribution(tokens, speaker))
        {
            case true: return true;
            case false: return false; // attributed to someone else by name
        }
        if (!HoldsQuotationMark(sentence.Text)) return false;
        // A quotation attributed to nobody or to a pronoun: its speaker is named in the sentence before (or the one before that).
        var current = sentence;
        for (int back = 0; back < MaxLookBack; back++)
        {
            var before = Previous(current, all);
            if (before is null) return false;
            var beforeTokens = WordTokenizer.Tokenize(before.Text);
            if (Attribution(beforeTokens, speaker) is { } attributed) return attributed;
            if (beforeTokens.Skip(1).Any(t => t.IsCapitalized && IsSpeaker(t.Normal, speaker))) return true;
            if (!HoldsQuotationMark(before.Text)) return false;
            current = before;
        }
        return false;
    }

    // Whether the text holds a double quotation mark (straight or curly) anywhere — unlike SentenceContext.IsQuotation,
    // which asks whether it opens with one.
    private static bool HoldsQuotationMark(string text) => text.AsSpan().IndexOfAny("\"“”") >= 0;

    // True: attributed to the speaker; false: attributed to another name; null: to nobody, or to a pronoun or role.
    private static bool? Attribution(List<WordToken> tokens, IReadOnlyCollection<string> speaker)
    {
        bool? result = null;
        for (int i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Normal is "according" && i + 1 < tokens.Count && tokens[i + 1].Normal is "to")
            {
                var named = NameAt(tokens, i + 2, 4);
                if (named.Count > 0) result = Merge(result, named.Any(n => IsSpeaker(n, speaker)));
                continue;
            }
            if (!SaidVerbs.Contains(tokens[i].Normal)) continue;
            // "Ruiz said", "Maria Chen said" / "said Ruiz", "said coach Ruiz"
            List<string> named2 = i > 0 && tokens[i - 1].IsCapitalized ? [tokens[i - 1].Normal] : NameAt(tokens, i + 1, 2);
            if (named2.Count > 0) result = Merge(result, named2.Any(n => IsSpeaker(n, speaker)));
        }
        return result;
    }

    /// <summary>
    /// Whether a name word is one of the speaker's: the same word, or for names of five letters or more one spelt with a
    /// single letter different (transliterations and typos: "Wasef" / "Wasif", "Mohammed" / "Muhammed").
    /// </summary>
    public static bool IsSpeaker(string name, IReadOnlyCollection<string> speaker)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(speaker);
        return speaker.Any(s => s == name || (s.Length >= 5 && name.Length >= 5 && WithinOneEdit(s, name)));
    }

    // One substitution, insertion or deletion at most.
    private static bool WithinOneEdit(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1) return false;
        if (a.Length > b.Length) (a, b) = (b, a);
        int i = 0;
        while (i < a.Length && a[i] == b[i]) i++;
        if (i == a.Length) return true;
        return a.Length == b.Length ? a.AsSpan(i + 1).SequenceEqual(b.AsSpan(i + 1)) : a.AsSpan(i).SequenceEqual(b.AsSpan(i + 1));
    }

    // Any attribution to the speaker wins over one to someone else in the same sentence.
    private static bool Merge(bool? soFar, bool now) => soFar is true || now;

    // The capitalised words among the next few tokens from position i (skipping lower-case role words: "said coach Ruiz").
    private static List<string> NameAt(List<WordToken> tokens, int i, int window) =>
        tokens.Skip(i).Take(window).Where(t => t.IsCapitalized && t.Surface is not "I").Select(t => t.Normal).ToList();

    // The sentence before, in the same paragraph or ending the one before.
    private static SentenceRow? Previous(SentenceRow s, IReadOnlyList<SentenceRow> all)
    {
        SentenceRow? previous = null;
        foreach (var p in all)
            if (p.DocumentId == s.DocumentId && p.Ordinal == s.Ordinal - 1 && p.Paragraph <= s.Paragraph && s.Paragraph - p.Paragraph <= 1) previous = p;
        return previous;
    }
}
