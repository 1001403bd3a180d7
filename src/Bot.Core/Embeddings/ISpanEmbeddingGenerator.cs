namespace Bot.Core.Embeddings;

/// <summary>
/// A generator that embeds a text and spans of it from one forward pass (<see cref="SentenceVectorMode.Derived"/>):
/// found through <c>IEmbeddingGenerator.GetService</c>.
/// </summary>
public interface ISpanEmbeddingGenerator
{
    /// <summary>
    /// Each text's vector (what embedding it alone gives) and a vector per span: the text's token outputs mean-pooled over
    /// the span's tokens and normalised.
    /// </summary>
    Task<IReadOnlyList<SpannedVectors>> GenerateWithSpansAsync(IReadOnlyList<SpannedText> texts, CancellationToken cancellationToken = default);
}
