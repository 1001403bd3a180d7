using Bot.Core.Text;

namespace Bot.Core.Questions;

/// <summary>
/// A question that asks for a named person's words or view: "How did Ostrom describe the plan?", "What does Maria
/// Chen think of the merger?", "What went wrong, according to Ruiz?". Its answer is what that person said — a
/// quotation attributed to them, or a sentence reporting their words ("…, according to Ruiz") — rather than a sentence
/// that merely mentions them.
/// </summary>
public static class SpeakerQuestion
{
    // Verbs of saying and thinking whose subject is the speaker: "did Ostrom describe", "does Chen think".
    private static readonly HashSet<string> SpeechVerbs = new(StringComparer.Ordinal)
    {
        "say", "said", "describe", "call", "think", "believe", "admit", "claim", "explain", "tell", "expect", "feel", "predict",
        "warn", "argue", "suggest", "mean", "view", "see", "characterise", "characterize", "respond", "react", "reply", "answer",
    };

    private static readonly HashSet<string> Auxiliaries = new(StringComparer.Ordinal) { "did", "does", "do", "has", "have", "had", "will", "would", "is", "was" };

    /// <summary>
    /// The speaker's name words, normalised ("ostrom"; "maria", "chen"), when the question asks for a named person's words
    /// or view; empty otherwise (also when the speaker is a pronoun or a role: "What did he say?").
    /// </summary>
    public static IReadOnlyList<string> Speaker(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return Speaker(WordTokenizer.Tokenize(question));
    }

    /// <summary><see cref="Speaker(string)"/> over the question's words, tokenized once by the caller.</summary>
    internal static IReadOnlyList<string> Speaker(List<WordToken> tokens)
    {
        for (int i = 0; i + 1 < tokens.Count; i++)
        {
            // "…, according to Ruiz?"
            if (tokens[i].Normal is "according" && tokens[i + 1].Normal is "to" && Name(tokens, i + 2) is { Count: > 0 } named) return named;
            // "How did Ostrom describe…", "What does Maria Chen think…"
            if (i > 0 && Auxiliaries.Contains(tokens[i].Normal) && Name(tokens, i + 1) is { Count: > 0 } subject
                && i + 1 + subject.Count < tokens.Count && SpeechVerbs.Contains(tokens[i + 1 + subject.Count].Normal))
                return subject;
        }
        return [];
    }

    // One to three capitalised words from position i: a person's name ("Ostrom", "Maria Chen").
    private static List<string> Name(List<WordToken> tokens, int i)
    {
        var name = new List<string>();
        for (int k = i; k < tokens.Count && name.Count < 3 && tokens[k].IsCapitalized && tokens[k].Surface is not "I"; k++) name.Add(tokens[k].Normal);
        return name;
    }
}
