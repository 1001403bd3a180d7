namespace Bot.Core.Evaluation;

/// <summary>One line of an evaluation file (SQuAD-style or news-dev-style JSON Lines).</summary>
/// <param name="Id">Stable question id.</param>
/// <param name="Question">The question text.</param>
/// <param name="Doc">The document (path relative to the docs folder) the question was written about; empty for a general question.</param>
/// <param name="Paragraph">1-based paragraph of that document holding the answer (0 when the file does not say).</param>
/// <param name="Answers">Gold answer strings; empty for unanswerable questions.</param>
/// <param name="Answerable">False when the document does not answer the question.</param>
/// <param name="Kind">The question's kind when the file tags it (news-dev: lexical, paraphrase, coreference, number, yesno, multi, offtopic); null otherwise.</param>
public sealed record EvalQuestion(string Id, string Question, string Doc, int Paragraph, IReadOnlyList<string> Answers, bool Answerable, string? Kind = null);
