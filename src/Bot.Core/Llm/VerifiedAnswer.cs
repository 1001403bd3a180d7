using Bot.Core.Answering;

namespace Bot.Core.Llm;

/// <summary>
/// What <see cref="QuoteVerifier"/> made of a model's reply: prose whose [n] markers point into <see cref="Quotes"/>
/// (verbatim source spans with exact offsets), and counts of what it had to repair or drop.
/// </summary>
/// <param name="Text">The kept sentences, markers renumbered to 1-based indexes into <see cref="Quotes"/>.</param>
/// <param name="Quotes">Cited quotes in order of first citation; only these sources are listed.</param>
/// <param name="NotFound">The model said the passages do not answer.</param>
/// <param name="Verified">Quoted spans found verbatim (after normalising whitespace and quote marks) in a passage.</param>
/// <param name="Repaired">Quoted spans replaced by the source sentence they paraphrase, or re-cited to the passage that holds them.</param>
/// <param name="Dropped">Quoted spans found in no passage; their sentences were dropped.</param>
/// <param name="RemovedMarkers">[n] markers that pointed to no passage (or to one that does not support the sentence).</param>
/// <param name="UnsupportedSentences">Sentences dropped because no verified quote or citation was left to support them.</param>
public sealed record VerifiedAnswer(
    string Text,
    IReadOnlyList<Quote> Quotes,
    bool NotFound,
    int Verified,
    int Repaired,
    int Dropped,
    int RemovedMarkers,
    int UnsupportedSentences)
{
    /// <summary>True when the reply can be shown: a "not found", or prose backed by at least one verified quote.</summary>
    public bool IsUsable => NotFound || (Quotes.Count > 0 && Text.Length > 0);
}
