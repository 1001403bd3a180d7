using Bot.Core.Indexing;
using Bot.Core.Questions;

namespace Bot.Core.Answering;

/// <summary>An answer plus what retrieval saw, for evaluation and debugging.</summary>
public sealed record AnswerTrace(Answer Answer, QuestionAnalysis Analysis, IReadOnlyList<PassageHit> Passages, IReadOnlyList<ScoredSentence> Ranked);
