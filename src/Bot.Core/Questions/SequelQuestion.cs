using Bot.Core.Text;

namespace Bot.Core.Questions;

/// <summary>
/// A question that asks what followed an event: "What happened after the first half?", "What went wrong after their
/// strong start?". The sentence that matches the event is often not the answer: the one after it, opening with a
/// sequence word ("Then…", "Later…", "After that…"), is.
/// </summary>
public static class SequelQuestion
{
    /// <summary>
    /// The stems of the content words naming the event the question asks about the sequel of (the words after "after"
    /// or "following", up to the next comma or the end); empty when the question asks about no sequel.
    /// </summary>
    public static IReadOnlySet<string> EventStems(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return EventStems(question, WordTokenizer.Tokenize(question));
    }

    /// <summary><see cref="EventStems(string)"/> over the question's words (<paramref name="tokens"/>), tokenized once by the caller.</summary>
    internal static IReadOnlySet<string> EventStems(string question, List<WordToken> tokens)
    {
        for (int i = 1; i < tokens.Count - 1; i++)
        {
            if (tokens[i].Normal is not ("after" or "following")) continue;
            // "How long after …" asks for a duration, not a sequel.
            if (tokens[i - 1].Normal is "long" or "soon" or "shortly" or "days" or "weeks" or "months" or "years" or "hours" or "minutes") continue;
            int comma = question.IndexOf(',', tokens[i].End);
            return tokens.Skip(i + 1).Where(t => (comma < 0 || t.Start < comma) && !StopWords.Contains(t.Normal)).Select(t => t.Stem)
                .ToHashSet(StringComparer.Ordinal);
        }
        return new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>Whether a sentence opens with a word that places it after the sentence before ("Then…", "Later…", "“After that, …").</summary>
    public static bool OpensWithSequenceWord(List<WordToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count == 0) return false;
        var first = tokens[0].Normal;
        if (first is "then" or "later" or "afterwards" or "afterward" or "subsequently" or "thereafter" or "next") return true;
        return tokens.Count > 1 && first is "after" or "soon" or "shortly" && tokens[1].Normal is "that" or "this" or "afterwards";
    }
}
