using Bot.Core.Indexing;
using Bot.Core.Questions;
using Bot.Core.Text;

namespace Bot.Core.Answering.Ranking;

/// <summary>Everything retrieval found for one question, with each candidate sentence's features (the ranker's input);
/// <see cref="SentenceFrequencies"/> is how many sentences of the whole corpus hold each question stem, <see cref="Idf"/> its
/// idf, and <see cref="TermDocuments"/> which documents hold it (looked up for stems in at most
/// <c>CandidateGatherer.DocumentLookupMaxSentences</c> sentences; a stem not listed is too common to look up).
/// <see cref="Passages"/> are what passage retrieval returned (the ranker's passage features read them).</summary>
internal sealed record CandidateSet(
    QuestionAnalysis Analysis,
    IReadOnlyList<PassageHit> Passages,
    IReadOnlyList<(SentenceRow Sentence, double Score)> SentenceHits,
    IReadOnlyList<SentenceRow> Sentences,
    IReadOnlyList<ScoredSentence> HandScored,
    double[][] Features,
    double MissingFromCorpus,
    double MatchedAnywhere,
    IReadOnlyDictionary<string, int> SentenceFrequencies,
    IReadOnlyDictionary<string, double> Idf,
    IReadOnlyDictionary<string, IReadOnlyList<long>> TermDocuments)
{
    /// <summary>Each candidate sentence's words, as the scorer and the features saw them (null: tokenize on demand).</summary>
    public IReadOnlyList<List<WordToken>>? Tokens { get; init; }

    /// <summary>Cosine of the question's and each candidate's embedding (null without an embedding model).</summary>
    public double[]? VectorCosines { get; init; }

    /// <summary>Whether the first stage's best candidates carry late-interaction features (<see cref="TokenMatchFeatures"/>).</summary>
    public bool Reranked { get; init; }
}
