namespace Bot.Core.Embeddings;

/// <summary>How the index's sentence vectors (the ranker's vector features) are made (<c>Bot:Embeddings:SentenceVectors</c>).</summary>
public enum SentenceVectorMode
{
    /// <summary>One forward pass per sentence, as for any text: the sentence's own vector.</summary>
    Separate,

    /// <summary>
    /// From the forward pass of a passage that holds the sentence: its token outputs mean-pooled over the sentence's
    /// WordPieces, so a passage and its sentences cost one pass. Needs a model with per-token output (ONNX); stored
    /// under their own key (<see cref="EmbeddingSetup.SentenceModelKey"/>), never mixed with separate ones.
    /// </summary>
    Derived,
}
