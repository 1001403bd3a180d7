namespace Bot.Core.Embeddings;

/// <summary>The settings an <see cref="OnnxEmbeddingGenerator"/> resolved from its model folder and overrides.</summary>
/// <param name="ModelId">Model id (folder name unless overridden).</param>
/// <param name="Pooling">Pooling applied to the token vectors.</param>
/// <param name="MaxSequenceLength">Longest input in tokens, special tokens included.</param>
/// <param name="LowerCase">Whether text is lower-cased before tokenising.</param>
/// <param name="Dimensions">Length of the produced embeddings.</param>
/// <param name="InputNames">Model inputs that are fed (a subset of input_ids, attention_mask, token_type_ids).</param>
/// <param name="OutputName">Model output that is pooled.</param>
public sealed record OnnxModelSettings(
    string ModelId,
    PoolingMode Pooling,
    int MaxSequenceLength,
    bool LowerCase,
    int Dimensions,
    IReadOnlyList<string> InputNames,
    string OutputName);
