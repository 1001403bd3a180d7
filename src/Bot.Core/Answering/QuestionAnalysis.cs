namespace Bot.Core.Answering;

/// <summary>The parsed question: its expected answer type, content terms and FTS search terms.</summary>
public sealed record QuestionAnalysis(
    string Question,
    AnswerType Type,
    IReadOnlyList<QueryTerm> Terms,
    IReadOnlyList<string> SearchTerms,
    IReadOnlySet<string> QuestionWords);
