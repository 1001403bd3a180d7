namespace Bot.Core.Embeddings;

/// <summary>Overrides for <see cref="OnnxEmbeddingGenerator"/>; every null takes the model folder's own setting.</summary>
public sealed class OnnxEmbeddingGeneratorOptions
{
    /// <summary>Texts per inference run (each batch is padded to its longest text).</summary>
    public int BatchSize { get; set; } = 8;

    /// <summary>Longest input in tokens, [CLS] and [SEP] included; longer texts are truncated.</summary>
    public int? MaxSequenceLength { get; set; }

    /// <summary>Pooling; null reads <c>1_Pooling/config.json</c> (mean when absent).</summary>
    public PoolingMode? Pooling { get; set; }

    /// <summary>Lower-case before tokenising; null reads <c>tokenizer_config.json</c> (or guesses from the vocabulary).</summary>
    public bool? LowerCase { get; set; }

    /// <summary>Name of the model output to pool; null picks <c>last_hidden_state</c>, <c>token_embeddings</c> or <c>sentence_embedding</c>.</summary>
    public string? OutputName { get; set; }

    /// <summary>Model id reported in metadata and on each embedding; null uses the folder name.</summary>
    public string? ModelId { get; set; }

    /// <summary>ONNX Runtime intra-op threads; null lets ONNX Runtime decide.</summary>
    public int? IntraOpThreads { get; set; }

    /// <summary>
    /// Keep ONNX Runtime's optimised graph next to the model (<c>model.onnx.optimized-KEY.onnx</c>, with its weights and
    /// their prepacked copies in a side file, about 1.5× the model's size; <see cref="OptimizedModelCache"/>) and load that
    /// on later starts, memory-mapped, skipping the graph optimisation and the prepacking; a folder that cannot be written
    /// just optimises on every load, with one warning.
    /// </summary>
    public bool CacheOptimizedModel { get; set; } = true;

    /// <summary>Run an int8-weight copy of the model (<see cref="Int8Quantizer"/>, written beside it once).</summary>
    public bool Int8Weights { get; set; }

    /// <summary>
    /// Where the int8 copy goes when the model's own folder cannot be written (a read-only install); null: nowhere else.
    /// When no folder can take it the int8 model runs from memory, quantised again on every start, with one warning.
    /// </summary>
    public string? Int8FallbackFolder { get; set; }
}
