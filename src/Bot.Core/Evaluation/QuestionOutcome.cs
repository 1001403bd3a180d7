namespace Bot.Core.Evaluation;

/// <summary>What one system did with one question.</summary>
/// <param name="Question">The question asked.</param>
/// <param name="Answered">False when the system said "not found".</param>
/// <param name="FirstQuote">The first quote's text (null when not answered).</param>
/// <param name="GoldRank">1-based rank of the first retrieved gold-document passage holding a gold answer (0 = none in the top 10).</param>
/// <param name="Milliseconds">Time to answer.</param>
public sealed record QuestionOutcome(EvalQuestion Question, bool Answered, string? FirstQuote, int GoldRank, double Milliseconds)
{
    public bool QuoteCorrect => Answered && FirstQuote is not null && GoldAnswers.ContainsAny(FirstQuote, Question.Answers);
}
