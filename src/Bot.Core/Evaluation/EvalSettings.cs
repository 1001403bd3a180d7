namespace Bot.Core.Evaluation;

/// <summary>What `bot eval` runs.</summary>
/// <param name="DocsPath">Folder of articles to index.</param>
/// <param name="QuestionsPath">Questions file (JSON Lines).</param>
/// <param name="Limit">Ask at most this many questions (0 = all), taken evenly across the file so every article keeps questions.</param>
/// <param name="Baseline">Also run plain BM25 over sentences.</param>
/// <param name="OutOfCorpus">Also run the out-of-corpus check (two half indexes).</param>
/// <param name="DumpPath">Diagnostics: write one JSON line per question asked (stage, kind, answered, confidence, first quote, note) to this file.</param>
public sealed record EvalSettings(string DocsPath, string QuestionsPath, int Limit = 0, bool Baseline = false, bool OutOfCorpus = true, string? DumpPath = null);
