using System.Text;
using Bot.Core.Chunking;
using Bot.Core.Indexing;
using Bot.Core.Text;

namespace Bot.Core.Llm;

/// <summary>
/// Chooses the passages put in front of the model so that the prompt plus the answer fits the context window
/// (tokens counted with Microsoft.ML.Tokenizers, o200k_base), and formats them as numbered, delimited passages.
/// </summary>
public static class PromptBudget
{
    /// <summary>Tokens kept free for the chat format's own overhead (roles, separators) and counting differences between models.</summary>
    public const int SafetyMarginTokens = 64;

    /// <summary>Tokens left for passages once the template, question, answer reserve and margin are counted.</summary>
    public static int PassageTokens(int contextWindow, string template, string question, int answerTokens) =>
        contextWindow - answerTokens - TokenCounter.Count(template) - TokenCounter.Count(question) - SafetyMarginTokens;

    /// <summary>
    /// The best passages, in rank order, that fit <paramref name="availableTokens"/>: at most <paramref name="maxPassages"/>,
    /// none contained in another; if even the first does not fit, its leading sentences (a prefix, so offsets stay exact).
    /// </summary>
    public static IReadOnlyList<PassageHit> Fit(IReadOnlyList<PassageHit> ranked, int maxPassages, int availableTokens)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        var chosen = new List<PassageHit>();
        int used = 0;
        foreach (var p in ranked)
        {
            if (chosen.Count >= maxPassages) break;
            if (chosen.Any(c => c.DocumentId == p.DocumentId && c.Start <= p.Start && p.End <= c.End)) continue;
            int cost = TokenCounter.Count(Format(chosen.Count + 1, p));
            if (used + cost <= availableTokens)
            {
                chosen.Add(p);
                used += cost;
            }
            else if (chosen.Count == 0 && Prefix(p, availableTokens) is { } cut)
            {
                chosen.Add(cut);
                used += TokenCounter.Count(Format(1, cut));
            }
        }
        return chosen;
    }

    /// <summary>The passages as the Answer prompt shows them: &lt;passage n="1" title="…"&gt;text&lt;/passage&gt;.</summary>
    public static string Format(IReadOnlyList<PassageHit> passages)
    {
        ArgumentNullException.ThrowIfNull(passages);
        var sb = new StringBuilder();
        for (int i = 0; i < passages.Count; i++) sb.Append(Format(i + 1, passages[i])).Append('\n');
        return sb.ToString().TrimEnd();
    }

    private static string Format(int n, PassageHit p) =>
        $"<passage n=\"{n}\" title=\"{Attribute(p.Title)}\" paragraph=\"{p.Paragraph}\">\n{Defuse(p.Text)}\n</passage>";

    private static string Attribute(string s) => s.Replace('"', '\'').Replace('\n', ' ').Replace('\r', ' ');

    // Why: passage text must not be able to close its own delimiter and pose as prompt text. Only these tags are
    // touched (rare in articles); verification still checks quotes against the untouched passage.
    private static string Defuse(string text) => text
        .Replace("</passage", "<\u200B/passage", StringComparison.OrdinalIgnoreCase)
        .Replace("<passage", "<\u200Bpassage", StringComparison.OrdinalIgnoreCase);

    private static PassageHit? Prefix(PassageHit p, int availableTokens)
    {
        var sentences = SentenceSplitter.Split(p.Text, 0, p.Text.Length);
        PassageHit? best = null;
        foreach (var s in sentences)
        {
            var candidate = p with { End = p.Start + s.End, Text = p.Text[..s.End] };
            if (TokenCounter.Count(Format(1, candidate)) > availableTokens) break;
            best = candidate;
        }
        return best;
    }
}
