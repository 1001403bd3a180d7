namespace Bot.Core.Embeddings;

/// <summary>The catalogue of models <c>bot model pull NAME</c> accepts by short name.</summary>
public static class KnownEmbeddingModels
{
    /// <summary>sentence-transformers/all-MiniLM-L6-v2: 384 dimensions, mean pooling, 256 tokens, lower-cased.</summary>
    public static KnownEmbeddingModel AllMiniLmL6V2 { get; } = new(
        "all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2", "main", 384, PoolingMode.Mean, StandardFiles());

    /// <summary>BAAI/bge-small-en-v1.5: 384 dimensions, CLS pooling, 512 tokens, lower-cased; queries get its retrieval instruction.</summary>
    public static KnownEmbeddingModel BgeSmallEnV15 { get; } = new(
        "bge-small-en-v1.5", "BAAI/bge-small-en-v1.5", "main", 384, PoolingMode.Cls, StandardFiles(),
        QueryPrefix: "Represent this sentence for searching relevant passages: ");

    public static IReadOnlyList<KnownEmbeddingModel> All { get; } = [AllMiniLmL6V2, BgeSmallEnV15];

    public static IEnumerable<string> Names => All.Select(m => m.Name);

    /// <summary>Finds a model by short name (case-insensitive).</summary>
    public static KnownEmbeddingModel? Find(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The files of a sentence-transformers repository with an ONNX export (<c>onnx/model.onnx</c>): the model and
    /// vocabulary are required; the configuration files that decide pooling, lower-casing and length are optional.
    /// </summary>
    public static IReadOnlyList<ModelFile> StandardFiles() =>
    [
        new("config.json", "config.json", Required: false),
        new("tokenizer_config.json", "tokenizer_config.json", Required: false),
        new("sentence_bert_config.json", "sentence_bert_config.json", Required: false),
        new("1_Pooling/config.json", "1_Pooling/config.json", Required: false),
        new("vocab.txt", "vocab.txt"),
        new("onnx/model.onnx", "model.onnx"),
    ];
}
