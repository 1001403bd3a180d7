using Bot.Core.Indexing;

namespace Bot.Core.Answering;

/// <summary>A candidate sentence with its score and the evidence (coverage of question terms) behind it.</summary>
public sealed record ScoredSentence(SentenceRow Sentence, double Score, double Evidence, double Coverage, double TypeMatch);
