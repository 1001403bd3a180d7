namespace Bot.Core.Questions;

/// <summary>The parsed question: its expected answer type, content terms and FTS search terms.</summary>
public sealed record QuestionAnalysis(
    string Question,
    AnswerType Type,
    IReadOnlyList<QueryTerm> Terms,
    IReadOnlyList<string> SearchTerms,
    IReadOnlySet<string> QuestionWords)
{
    /// <summary>A capitalised word inside the question (not its first word) is most likely a name.</summary>
    public bool IsName(QueryTerm term)
    {
        ArgumentNullException.ThrowIfNull(term);
        return term.Surface.Length > 0 && char.IsUpper(term.Surface[0]) && !Question.StartsWith(term.Surface, StringComparison.Ordinal);
    }
}
