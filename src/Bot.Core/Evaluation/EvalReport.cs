namespace Bot.Core.Evaluation;

/// <summary>Everything `bot eval` measured in one run.</summary>
/// <param name="Docs">The evaluated documents folder.</param>
/// <param name="QuestionsFile">The questions file.</param>
/// <param name="Questions">Questions asked (after --limit).</param>
/// <param name="Documents">Documents indexed.</param>
/// <param name="TuningDocs">Articles of the tuning half (the rest is the untouched half).</param>
/// <param name="IndexSeconds">Time to build the throw-away index of all documents.</param>
/// <param name="CorpusMeanSentenceChars">Mean sentence length of the corpus, in characters.</param>
/// <param name="PeakMemoryMb">Peak working set of the process.</param>
/// <param name="Rows">Metrics per system and subset.</param>
/// <param name="OutOfCorpus">The out-of-corpus check, once per indexed half (empty when skipped).</param>
public sealed record EvalReport(
    string Docs, string QuestionsFile, int Questions, int Documents, IReadOnlyList<string> TuningDocs, double IndexSeconds,
    double CorpusMeanSentenceChars, double PeakMemoryMb, IReadOnlyList<EvalMetrics> Rows, IReadOnlyList<OutOfCorpusResult> OutOfCorpus);
