using Bot.Core.Questions;
using Bot.Core.Text;

namespace Bot.Core.Answering;

/// <summary>
/// Resolves a follow-up ("and when did they blacklist them?") against the conversation without an LLM: when the
/// question leans on earlier turns — it refers back with a pronoun and names nothing itself, or it is "what about X?" —
/// the content words of the earlier questions are added to what is searched. Only retrieval sees the expansion; quotes
/// still come verbatim from the sources, and the answer keeps the user's question.
/// </summary>
public static class FollowUpQuestion
{
    private const int MaxTurnsBack = 3;

    private static readonly HashSet<string> ReferringWords = new(StringComparer.Ordinal)
    {
        "they", "them", "their", "theirs", "it", "its", "he", "him", "his", "she", "her", "hers", "this", "these", "those",
    };

    private static readonly string[] Openers = ["and", "also", "but", "so", "then"];

    /// <summary>The question to search with, and the earlier question it was read against (null when it stands alone).</summary>
    public static (string Question, string? ReadWith) Expand(string question, IReadOnlyList<ChatTurn>? history)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (history is not { Count: > 0 }) return (question, null);
        var tokens = WordTokenizer.Tokenize(question);
        if (tokens.Count == 0) return (question, null);

        var previous = history[^1].Question;
        // "what about Iran?" borrows the earlier question whole: its answer type and its words, plus the new subject.
        if (tokens.Count >= 3 && tokens[0].Normal is "what" or "how" && tokens[1].Normal == "about")
            return ($"{previous} {question}", previous);

        bool refersBack = tokens.Any(t => ReferringWords.Contains(t.Normal));
        bool opensWithConjunction = Openers.Contains(tokens[0].Normal);
        var own = QuestionAnalyzer.Analyze(question);
        bool namesSomething = own.Terms.Any(t => Names(own, t));
        if (!(refersBack || opensWithConjunction || own.Terms.Count == 0) || namesSomething) return (question, null);

        // Pronouns stand for what earlier questions named: newest first, take the names of the first question that named
        // something (its verbs are replaced by the follow-up's: "delist" must not outweigh "blacklist"). Follow-ups passed
        // on the way, and a question too short to carry its own predicate ("why?"), lend all their words.
        var context = new List<string>();
        var seen = new HashSet<string>(own.Terms.Select(t => t.Stem), StringComparer.Ordinal);
        bool allWords = own.Terms.Count == 0;
        foreach (var turn in history.Reverse().Take(MaxTurnsBack))
        {
            var earlier = QuestionAnalyzer.Analyze(turn.Question.Trim());
            bool named = earlier.Terms.Any(t => Names(earlier, t));
            foreach (var term in earlier.Terms)
                if ((allWords || !named || Names(earlier, term)) && seen.Add(term.Stem)) context.Add(term.Surface);
            if (named) break;
            allWords = false;
        }
        return context.Count == 0 ? (question, null) : ($"{question} {string.Join(' ', context)}", previous);
    }

    // An acronym ("UN") names something too.
    private static bool Names(QuestionAnalysis analysis, QueryTerm term) => term.IsAcronym || analysis.IsName(term);
}
