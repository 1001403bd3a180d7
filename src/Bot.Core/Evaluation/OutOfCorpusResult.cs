namespace Bot.Core.Evaluation;

/// <summary>
/// The out-of-corpus check: half of the articles indexed, the other half's questions asked (none can be answered),
/// plus the indexed half's answerable questions (which must still be answered).
/// </summary>
/// <param name="Indexed">Which half was indexed ("tuning" or "untouched").</param>
/// <param name="OutOfCorpusQuestions">Questions about the articles left out.</param>
/// <param name="Abstained">Share of those answered "not found" (higher is better).</param>
/// <param name="InCorpusAnswerable">Answerable questions about the indexed articles.</param>
/// <param name="Lost">Share of those wrongly answered "not found" (lower is better).</param>
/// <param name="InCorpusQuoteAt1">quote@1 of the in-corpus answerable questions on the half index.</param>
public sealed record OutOfCorpusResult(string Indexed, int OutOfCorpusQuestions, double Abstained, int InCorpusAnswerable, double Lost, double InCorpusQuoteAt1);
